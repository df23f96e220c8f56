package io.ordo.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader and writer on real files: a round trip, and every malformed header rejected with its message. */
class SafetensorsFileTest {
    @TempDir
    Path dir;

    @Test
    void writtenFileReadsBackWithShapesValuesAndMetadata() throws IOException {
        Path f = dir.resolve("ok.safetensors");
        float[] a = {1f, -2.5f, Float.MIN_VALUE, Float.NaN, 3e38f, -0f};
        SafetensorsWriter.write(f, List.of(new FloatTensor("a", new long[] {2, 3}, a),
                new FloatTensor("b", new long[] {1}, new float[] {7f})), Map.of("format", "pt"));
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "data starts 8-byte aligned");
        SafetensorsFile s = SafetensorsFile.open(f);
        assertEquals(List.of("a", "b"), List.copyOf(s.entries().keySet()));
        assertArrayEquals(new long[] {2, 3}, s.entries().get("a").shape());
        assertEquals(Map.of("format", "pt"), s.metadata());
        float[] back = s.floats("a");
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(back[i]), "bit-identical at " + i);
        }
        assertArrayEquals(new float[] {7f}, s.floats("b"));
    }

    @Test
    void headerLengthLargerThanTheFileIsRejected() throws IOException {
        assertRejected(raw(1000, "{}", 0), "header length 1000 is larger than the");
        assertRejected(raw(Long.MAX_VALUE, "{}", 0), "is larger than the");
        assertRejected(raw(-1, "{}", 0), "header length 18446744073709551615 is larger than the");
    }

    @Test
    void headerOverTheSizeLimitIsRejectedBeforeItIsRead() throws IOException {
        Path f = dir.resolve("huge.safetensors");
        long declared = SafetensorsFile.MAX_HEADER_BYTES + 8;
        try (var file = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            file.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(declared).array());
            file.setLength(8 + declared); // sparse: the length fits the file, only the limit refuses it
        }
        assertRejected(f, "header length " + declared + " exceeds the 104857600-byte limit");
    }

    @Test
    void fileShorterThanTheLengthFieldIsRejected() throws IOException {
        Path f = dir.resolve("short.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        assertRejected(f, "shorter than the 8-byte header length");
    }

    @Test
    void invalidJsonIsRejected() throws IOException {
        assertRejected(file("{\"a\": {\"dtype\": \"F32\", ", 0), "header is not valid JSON");
        assertRejected(file("[1, 2]", 0), "header is not a JSON object");
    }

    @Test
    void unknownDtypeIsRejected() throws IOException {
        assertRejected(file(tensor("a", "F33", "[1]", 0, 4), 4), "tensor a has unknown dtype 'F33'");
    }

    @Test
    void offsetsWithEndBeforeBeginAreRejected() throws IOException {
        assertRejected(file(tensor("a", "F32", "[0]", 4, 0), 4), "data_offsets [4, 0]; need 0 <= begin <= end");
        assertRejected(file(tensor("a", "F32", "[0]", -4, 0), 4), "need 0 <= begin <= end");
    }

    @Test
    void offsetsBeyondTheDataAreRejected() throws IOException {
        assertRejected(file(tensor("a", "F32", "[4]", 0, 16), 8), "ends at byte 16 but the data section has only 8 bytes");
    }

    @Test
    void sizeThatDoesNotMatchTheShapeIsRejected() throws IOException {
        assertRejected(file(tensor("a", "F32", "[2, 3]", 0, 16), 16), "needs 24 bytes but its data_offsets [0, 16] hold 16");
        assertRejected(file(tensor("a", "F32", "[-1]", 0, 4), 4), "dimensions must be integers >= 0");
        assertRejected(file(tensor("a", "F64", "[4611686018427387904, 4]", 0, 8), 8), "too large to address");
    }

    @Test
    void overlappingRangesAreRejected() throws IOException {
        String h = "{" + tensor("a", "F32", "[2]", 0, 8) + ", " + tensor("b", "F32", "[2]", 4, 12) + "}";
        assertRejected(raw(h.length(), h, 12), "tensors a and b overlap: b begins at byte 4 before a ends at 8");
    }

    @Test
    void gapsAndTrailingBytesAreRejected() throws IOException {
        String h = "{" + tensor("a", "F32", "[1]", 0, 4) + ", " + tensor("b", "F32", "[1]", 8, 12) + "}";
        assertRejected(raw(h.length(), h, 12), "bytes [4, 8) of the data section belong to no tensor");
        assertRejected(file(tensor("a", "F32", "[1]", 0, 4), 12), "the data section has 8 bytes after the last tensor");
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path f = dir.resolve("whole.safetensors");
        SafetensorsWriter.write(f, List.of(new FloatTensor("w", new long[] {4, 4}, new float[16])), Map.of());
        byte[] all = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(all, all.length - 5));
        assertRejected(cut, "tensor w ends at byte 64 but the data section has only 59 bytes (truncated file");
        Files.write(cut, Arrays.copyOf(all, 20));
        assertRejected(cut, "is larger than the 12 bytes after it (truncated");
    }

    @Test
    void malformedTensorEntriesAndMetadataAreRejected() throws IOException {
        assertRejected(file("\"a\": 3", 0), "tensor a needs {\"dtype\"");
        assertRejected(file("\"__metadata__\": {\"k\": 1}", 0), "__metadata__ value of 'k' is not a string");
        assertRejected(file("\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}", 4),
                "need two integers [begin, end]");
    }

    @Test
    void nonF32TensorIsReadableInTheHeaderButNotLoaded() throws IOException {
        Path f = file(tensor("h", "F16", "[2]", 0, 4), 4);
        SafetensorsFile s = SafetensorsFile.open(f);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> s.floats("h"));
        assertTrue(e.getMessage().contains("tensor h is F16; Ordo loads F32 tensors only"), e.getMessage());
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\": {\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data_offsets\": ["
                + begin + ", " + end + "]}";
    }

    /** A file whose header is the JSON object with {@code body} and {@code dataBytes} zero bytes of data. */
    private Path file(String body, int dataBytes) throws IOException {
        String h = body.startsWith("{") || body.startsWith("[") ? body : "{" + body + "}";
        return raw(h.getBytes(StandardCharsets.UTF_8).length, h, dataBytes);
    }

    /** A file whose length field says {@code declared}, followed by {@code header} and {@code dataBytes} zero bytes. */
    private Path raw(long declared, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declared).put(h);
        Path f = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static void assertRejected(Path f, String expected) {
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(f));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("safetensors file " + f + ": "), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    }
}
