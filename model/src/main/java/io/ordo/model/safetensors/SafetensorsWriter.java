package io.ordo.model.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes float32 tensors as a safetensors file: an 8-byte little-endian header length N, N bytes of
 * JSON header (padded with spaces so the data starts 8-byte aligned, as the reference
 * implementation does), then the tensors' little-endian bytes in the order given. The file is
 * written beside its destination and moved into place, so a reader never sees half a file.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {
    }

    /** Writes {@code tensors} (names unique) and {@code metadata} (may be empty) to {@code file}. */
    public static void write(Path file, List<FloatTensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(ch, length);
            writeFully(ch, ByteBuffer.wrap(header));
            for (FloatTensor t : tensors) {
                ByteBuffer data = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(t.data());
                writeFully(ch, data);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The JSON header, space-padded to a multiple of 8 bytes. */
    static byte[] header(List<FloatTensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsFile.METADATA_KEY);
            metadata.forEach(meta::put);
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (FloatTensor t : tensors) {
            if (t.name().equals(SafetensorsFile.METADATA_KEY) || !names.add(t.name())) {
                throw new IllegalArgumentException("tensor name " + t.name() + " is reserved or given twice");
            }
            ObjectNode e = root.putObject(t.name());
            e.put("dtype", SafetensorsDtype.F32.name());
            ArrayNode shape = e.putArray("shape");
            for (long s : t.shape()) {
                shape.add(s);
            }
            long end = offset + 4L * t.data().length;
            e.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = (byte) ' ';
        }
        return out;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
