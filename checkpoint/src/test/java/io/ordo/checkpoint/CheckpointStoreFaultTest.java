package io.ordo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saves that fail part-way (a full disk, an I/O error, a write that comes back garbled, a directory
 * fsync that fails) leave the newest good checkpoint in place, leave no temp file behind, and do
 * not stop the next save from working. The faults come from {@link FaultyDisk}, a channel seam over
 * the real file system; {@code CheckpointFaultRunTest} in the actors module does the same on a real
 * full and read-only tmpfs.
 */
class CheckpointStoreFaultTest {

    private static final String ENOSPC = "No space left on device";

    @TempDir
    Path dir;

    private final FaultyDisk disk = new FaultyDisk();

    @Test
    void shouldKeepTheNewestGoodCheckpointWhileLaterSavesFailMidWrite() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 1, disk)) {
            Path good = store.save(TestCheckpoints.filled(5, 10_000));

            disk.failWritesAfter(3_000, ENOSPC); // the disk fills up inside the section data
            for (long step = 10; step <= 15; step += 5) {
                long s = step;
                IOException e = assertThrows(IOException.class, () -> store.save(TestCheckpoints.filled(s, 10_000)));
                assertEquals(ENOSPC, e.getMessage());
                assertEquals(List.of(good.getFileName().toString()), names(), "after the failed save of step " + step
                        + ": the step-5 file stays (keep 1 prunes nothing) and the partial temp file is gone");
                LoadResult loaded = store.findLatestValid();
                assertEquals(5, loaded.checkpoint().orElseThrow().step());
                assertEquals(List.of(), loaded.skipped());
            }

            disk.heal(); // space freed: the next cadence writes
            store.save(TestCheckpoints.filled(20, 10_000));

            assertEquals(List.of(CheckpointStore.fileName(20)), names(), "a good save prunes as usual");
            assertEquals(-1, TestCheckpoints.firstByteNotEqual(
                    store.loadLatestValid().orElseThrow().section("params").data(), (byte) 20));
        }
    }

    @Test
    void shouldNotRenameAFileThatDoesNotReadBackIntact() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 1, disk)) {
            store.save(TestCheckpoints.filled(5, 10_000));

            disk.flipByteAt(5_000); // the write "succeeds" but one byte of the data is wrong
            IOException e = assertThrows(IOException.class, () -> store.save(TestCheckpoints.filled(10, 10_000)));

            assertTrue(e.getMessage().contains("does not read back intact")
                    && e.getMessage().contains("checksum mismatch in section 'params'"), e.getMessage());
            assertEquals(List.of(CheckpointStore.fileName(5)), names(),
                    "the garbled file never got a final name, so keep 1 did not prune the good one");
            assertEquals(5, store.loadLatestValid().orElseThrow().step());

            disk.heal();
            store.save(TestCheckpoints.filled(15, 10_000));
            assertEquals(List.of(CheckpointStore.fileName(15)), names());
        }
    }

    @Test
    void shouldFailTheSaveWhenTheDirectoryFsyncFailsAndFsyncAgainOnTheNextSave() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 2, disk)) {
            store.save(TestCheckpoints.filled(5, 100));
            assertEquals(1, disk.directoryFsyncs(), "directory fsync works on this file system");

            disk.failDirectoryFsync("Input/output error");
            IOException e = assertThrows(IOException.class, () -> store.save(TestCheckpoints.filled(10, 100)));
            assertTrue(e.getMessage().contains("fsync of " + dir) && e.getMessage().contains("Input/output error"),
                    e.getMessage());

            disk.heal();
            store.save(TestCheckpoints.filled(15, 100));
            assertEquals(2, disk.directoryFsyncs(), "one failed fsync does not turn directory fsyncs off");
            assertEquals(15, store.loadLatestValid().orElseThrow().step());
        }
    }

    @Test
    void shouldNeverPruneTheNewestGoodFileForANewerCorruptOne() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 2, disk)) {
            store.save(TestCheckpoints.filled(5, 1_000));
            Path ten = store.save(TestCheckpoints.filled(10, 1_000));
            TestCheckpoints.flipByte(ten, 200); // bit rot in the newest file after it was written

            disk.failWritesAfter(500, ENOSPC);
            assertThrows(IOException.class, () -> store.save(TestCheckpoints.filled(15, 1_000)));

            assertEquals(List.of(CheckpointStore.fileName(5), CheckpointStore.fileName(10)), names());
            LoadResult loaded = store.findLatestValid();
            assertEquals(5, loaded.checkpoint().orElseThrow().step(), "the corrupt step-10 file is skipped");
            assertEquals(ten, loaded.skipped().get(0).file());
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
