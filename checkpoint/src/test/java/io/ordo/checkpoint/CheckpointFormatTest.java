package io.ordo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFormatTest {

    @TempDir
    Path dir;

    @Test
    void shouldRoundTripMetaAndSectionsBitExact() throws IOException {
        ByteBuffer params = TestCheckpoints.random(20 * 1024 * 1024, 1);
        ByteBuffer small = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7});
        ByteBuffer empty = ByteBuffer.allocateDirect(0);
        ByteBuffer adamM = TestCheckpoints.random(4097, 2);
        String meta = "{\"config\":{\"d_model\":384},\"cursor\":[3,14],\"name\":\"Zürich ∑ 日本\"}";
        Checkpoint written = new Checkpoint(123_456_789_012L, meta, List.of(
                new Section("params", params), new Section("rng", small),
                new Section("empty", empty), new Section("adam.m ∂", adamM)));

        Path file = dir.resolve("a.ckpt");
        long bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            bytes = CheckpointFormat.write(ch, written);
        }
        assertEquals(Files.size(file), bytes, "returned byte count");
        Checkpoint read = CheckpointFormat.read(file);

        assertEquals(123_456_789_012L, read.step());
        assertEquals(meta, read.metaJson());
        assertEquals(List.of("params", "rng", "empty", "adam.m ∂"),
                read.sections().stream().map(Section::name).toList(), "names in file order");
        for (Section w : written.sections()) {
            Section r = read.section(w.name());
            assertEquals(w.size(), r.size(), "size of " + w.name());
            assertEquals(-1, w.data().mismatch(r.data()), "bytes of " + w.name());
        }
        assertEquals(0, params.position(), "caller's position untouched");
        assertEquals(20 * 1024 * 1024, params.limit(), "caller's limit untouched");
    }

    @Test
    void shouldLoadSectionsLittleEndianAndAligned() throws IOException {
        ByteBuffer floats = ByteBuffer.allocateDirect(3 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        floats.putFloat(1.5f).putFloat(-2.25f).putFloat(Float.MIN_VALUE).flip();
        Path file = dir.resolve("f.ckpt");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            CheckpointFormat.write(ch, new Checkpoint(1, "{}", List.of(
                    new Section("x", ByteBuffer.wrap(new byte[3])), new Section("w", floats))));
        }
        ByteBuffer w = CheckpointFormat.read(file).section("w").data();

        assertEquals(ByteOrder.LITTLE_ENDIAN, w.order());
        assertTrue(w.isReadOnly(), "loaded sections are read-only");
        assertEquals(1.5f, w.getFloat(0));
        assertEquals(-2.25f, w.getFloat(4));
        assertEquals(Float.MIN_VALUE, w.getFloat(8));
        // the data of "w" starts at a multiple of 64: find it in the raw file
        byte[] raw = Files.readAllBytes(file);
        int offset = TestCheckpoints.indexOf(raw, bytesOf(floats));
        assertTrue(offset > 0 && offset % CheckpointFormat.DATA_ALIGNMENT == 0,
                "data offset " + offset + " aligned to " + CheckpointFormat.DATA_ALIGNMENT);
    }

    @Test
    void shouldRejectInvalidSectionsAndCheckpoints() {
        ByteBuffer b = ByteBuffer.allocate(1);
        IllegalArgumentException emptyName = assertThrows(IllegalArgumentException.class, () -> new Section("", b));
        assertTrue(emptyName.getMessage().contains("name"), emptyName.getMessage());
        IllegalArgumentException longName = assertThrows(IllegalArgumentException.class,
                () -> new Section("x".repeat(CheckpointFormat.MAX_NAME_BYTES + 1), b));
        assertTrue(longName.getMessage().contains("name"), longName.getMessage());
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(1, "{}", List.of(new Section("p", b), new Section("p", b))));
        assertTrue(duplicate.getMessage().contains("'p'"), duplicate.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new Checkpoint(-1, "{}", List.of()));
        assertTrue(negative.getMessage().contains("step"), negative.getMessage());
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return bytes;
    }
}
