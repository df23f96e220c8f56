package io.ordo.model.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file opened for reading: its header is read and checked in full by {@link #open},
 * tensor data is read on demand by {@link #floats}.
 *
 * <p>Every check happens before anything is allocated from a number the file gives: the header
 * length must fit in the file (and in {@value #MAX_HEADER_BYTES} bytes), the header must be a JSON
 * object, every tensor a known dtype with a non-negative shape and {@code data_offsets} [begin, end]
 * with begin &lt;= end, end - begin = elements * dtype size, and the ranges, sorted, must tile the
 * data section exactly: no overlap, no gap, nothing past its end (a truncated file) and nothing
 * left after it. A violation is a {@link SafetensorsFormatException} with one line naming it.
 */
public final class SafetensorsFile {
    /** The header key of the optional string-to-string metadata. */
    public static final String METADATA_KEY = "__metadata__";
    /** Largest header accepted (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final long dataStart;
    private final Map<String, SafetensorsEntry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, long dataStart, Map<String, SafetensorsEntry> entries,
                            Map<String, String> metadata) {
        this.path = path;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Reads and checks {@code path}'s header. */
    public static SafetensorsFile open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(path, "is " + size + " bytes, shorter than the 8-byte header length (truncated?)");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0, path);
            long n = len.flip().getLong();
            if (n < 0 || n > size - 8) {
                throw bad(path, "header length " + Long.toUnsignedString(n) + " is larger than the "
                        + (size - 8) + " bytes after it (truncated or not a safetensors file)");
            }
            if (n > MAX_HEADER_BYTES) {
                throw bad(path, "header length " + n + " exceeds the " + MAX_HEADER_BYTES + "-byte limit");
            }
            ByteBuffer header = ByteBuffer.allocate((int) n);
            readFully(ch, header, 8, path);
            return parse(path, header.array(), 8 + n, size - 8 - n);
        }
    }

    private static SafetensorsFile parse(Path path, byte[] header, long dataStart, long dataBytes) {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            throw bad(path, "header is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad(path, "header is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(path, "header is not a JSON object");
        }
        Map<String, SafetensorsEntry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA_KEY)) {
                metadata(path, f.getValue(), metadata);
            } else {
                entries.put(f.getKey(), entry(path, f.getKey(), f.getValue(), dataBytes));
            }
        }
        checkTiling(path, entries.values(), dataBytes);
        return new SafetensorsFile(path, dataStart, Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(metadata));
    }

    private static void metadata(Path path, JsonNode node, Map<String, String> into) {
        if (!node.isObject()) {
            throw bad(path, METADATA_KEY + " is not a JSON object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            if (!m.getValue().isTextual()) {
                throw bad(path, METADATA_KEY + " value of '" + m.getKey() + "' is not a string");
            }
            into.put(m.getKey(), m.getValue().textValue());
        }
    }

    private static SafetensorsEntry entry(Path path, String name, JsonNode node, long dataBytes) {
        if (!node.isObject() || !node.path("dtype").isTextual() || !node.path("shape").isArray()
                || !node.path("data_offsets").isArray()) {
            throw bad(path, "tensor " + name + " needs {\"dtype\": string, \"shape\": [..], \"data_offsets\": [begin, end]}");
        }
        SafetensorsDtype dtype;
        try {
            dtype = SafetensorsDtype.parse(name, node.get("dtype").textValue());
        } catch (SafetensorsFormatException e) {
            throw bad(path, e.getMessage());
        }
        JsonNode shapeNode = node.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode s = shapeNode.get(i);
            if (!s.canConvertToExactIntegral() || !s.canConvertToLong() || s.longValue() < 0) {
                throw bad(path, "tensor " + name + " has shape " + shapeNode + "; dimensions must be integers >= 0");
            }
            shape[i] = s.longValue();
        }
        JsonNode off = node.get("data_offsets");
        if (off.size() != 2 || !off.get(0).canConvertToExactIntegral() || !off.get(1).canConvertToExactIntegral()
                || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw bad(path, "tensor " + name + " has data_offsets " + off + "; need two integers [begin, end]");
        }
        long begin = off.get(0).longValue();
        long end = off.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw bad(path, "tensor " + name + " has data_offsets [" + begin + ", " + end + "]; need 0 <= begin <= end");
        }
        if (end > dataBytes) {
            throw bad(path, "tensor " + name + " ends at byte " + end + " but the data section has only "
                    + dataBytes + " bytes (truncated file or lying offsets)");
        }
        SafetensorsEntry e = new SafetensorsEntry(name, dtype, shape, begin, end);
        long expected;
        try {
            expected = Math.multiplyExact(e.elements(), dtype.bytes());
        } catch (ArithmeticException overflow) {
            throw bad(path, "tensor " + name + " has shape " + e.shapeText() + ", too large to address");
        }
        if (end - begin != expected) {
            throw bad(path, "tensor " + name + " of shape " + e.shapeText() + " " + dtype + " needs " + expected
                    + " bytes but its data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return e;
    }

    /** Sorted by begin, the ranges must cover [0, dataBytes) exactly once. */
    private static void checkTiling(Path path, Iterable<SafetensorsEntry> entries, long dataBytes) {
        List<SafetensorsEntry> sorted = new ArrayList<>();
        entries.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(SafetensorsEntry::begin).thenComparingLong(SafetensorsEntry::end));
        long at = 0;
        String previous = null;
        for (SafetensorsEntry e : sorted) {
            if (e.begin() < at) {
                throw bad(path, "tensors " + previous + " and " + e.name() + " overlap: " + e.name()
                        + " begins at byte " + e.begin() + " before " + previous + " ends at " + at);
            }
            if (e.begin() > at) {
                throw bad(path, "bytes [" + at + ", " + e.begin() + ") of the data section belong to no tensor");
            }
            if (e.end() > e.begin()) {
                at = e.end();
                previous = e.name();
            }
        }
        if (at != dataBytes) {
            throw bad(path, "the data section has " + (dataBytes - at) + " bytes after the last tensor");
        }
    }

    /** The tensors of the header, in its order. */
    public Map<String, SafetensorsEntry> entries() {
        return entries;
    }

    /** The header's {@value #METADATA_KEY} (empty when it has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    public Path path() {
        return path;
    }

    /** The F32 tensor {@code name}'s values, row-major. */
    public float[] floats(String name) throws IOException {
        SafetensorsEntry e = entries.get(name);
        if (e == null) {
            throw bad(path, "has no tensor " + name);
        }
        if (e.dtype() != SafetensorsDtype.F32) {
            throw bad(path, "tensor " + name + " is " + e.dtype() + "; Ordo loads F32 tensors only");
        }
        long bytes = e.end() - e.begin();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw bad(path, "tensor " + name + " has " + bytes + " bytes, more than one Java array holds");
        }
        ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            readFully(ch, b, dataStart + e.begin(), path);
        }
        float[] out = new float[(int) (bytes / 4)];
        b.flip().asFloatBuffer().get(out);
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position, Path path) throws IOException {
        long at = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) {
                throw bad(path, "ends at byte " + at + " while " + b.remaining() + " more bytes were expected (truncated)");
            }
            at += n;
        }
    }

    private static SafetensorsFormatException bad(Path path, String problem) {
        return new SafetensorsFormatException("safetensors file " + path + ": " + problem);
    }
}
