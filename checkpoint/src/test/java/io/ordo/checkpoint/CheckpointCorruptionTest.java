package io.ordo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointCorruptionTest {

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeCheckpoint() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 1)) {
            file = store.save(new Checkpoint(7, "{\"lr\":0.001}", List.of(
                    new Section("params", TestCheckpoints.random(10_000, 1)),
                    new Section("adam.m", TestCheckpoints.random(10_000, 2)),
                    new Section("adam.v", TestCheckpoints.random(10_000, 3)))));
        }
        assertEquals(7, CheckpointFormat.read(file).step(), "intact file reads");
    }

    @Test
    void shouldNameTheSectionWhoseBytesChanged() throws IOException {
        long offset = dataOffset("adam.m") + 5_000;
        TestCheckpoints.flipByte(file, offset);

        String message = failure().getMessage();

        assertTrue(message.contains("checksum mismatch in section 'adam.m'"), message);
        assertTrue(message.contains(file.toString()), message);
    }

    @Test
    void shouldReportBadMagic() throws IOException {
        TestCheckpoints.flipByte(file, 0);

        String message = failure().getMessage();

        assertTrue(message.contains("bad magic"), message);
        assertTrue(message.contains(file.toString()), message);
    }

    @Test
    void shouldReportUnsupportedVersion() throws IOException {
        TestCheckpoints.flipByte(file, 8);

        String message = failure().getMessage();

        assertTrue(message.contains("unsupported format version"), message);
    }

    @Test
    void shouldReportTruncation() throws IOException {
        TestCheckpoints.truncate(file, Files.size(file) - 1);

        String message = failure().getMessage();

        assertTrue(message.contains("truncated"), message);
    }

    @Test
    void shouldReportTruncationToAnEmptyFile() throws IOException {
        TestCheckpoints.truncate(file, 0);

        assertTrue(failure().getMessage().contains("truncated"));
    }

    @Test
    void shouldDetectAChangedStep() throws IOException {
        TestCheckpoints.flipByte(file, 12);

        String message = failure().getMessage();

        assertTrue(message.contains("checksum mismatch in the header/section table"), message);
    }

    @Test
    void shouldDetectChangedMeta() throws IOException {
        TestCheckpoints.flipByte(file, CheckpointFormat.HEADER_BYTES + 3);

        String message = failure().getMessage();

        assertTrue(message.contains("checksum mismatch in meta"), message);
    }

    @Test
    void shouldDetectAChangedSectionName() throws IOException {
        long nameOffset = TestCheckpoints.indexOf(Files.readAllBytes(file), "adam.v".getBytes(StandardCharsets.UTF_8));
        TestCheckpoints.flipByte(file, nameOffset + 1);

        String message = failure().getMessage();

        assertTrue(message.contains("checksum mismatch in the header/section table"), message);
    }

    private CorruptCheckpointException failure() {
        CorruptCheckpointException e = assertThrows(CorruptCheckpointException.class,
                () -> CheckpointFormat.read(file));
        assertEquals(file, e.file());
        return e;
    }

    /** File offset of a section's data, found by walking the section table. */
    private long dataOffset(String section) throws IOException {
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int sections = raw.getInt(20);
        int metaLength = raw.getInt(24);
        int position = CheckpointFormat.HEADER_BYTES + metaLength + 4;
        for (int i = 0; i < sections; i++) {
            int nameLength = raw.getInt(position);
            String name = new String(raw.array(), position + 4, nameLength, StandardCharsets.UTF_8);
            long dataLength = raw.getLong(position + 4 + nameLength);
            position += CheckpointFormat.SECTION_HEADER_FIXED_BYTES + nameLength;
            position += CheckpointFormat.padding(position);
            if (name.equals(section)) {
                return position;
            }
            position += (int) dataLength;
        }
        throw new AssertionError("no section " + section);
    }
}
