package io.ordo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepOnlyTheLatestK() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 3)) {
            for (long step = 10; step <= 60; step += 10) {
                store.save(TestCheckpoints.filled(step, 100));
            }

            assertEquals(names(40, 50, 60), fileNames(store.list()));
            assertEquals(60, store.loadLatestValid().orElseThrow().step());
        }
    }

    @Test
    void shouldNameFilesByStepAndListThemInStepOrder() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 5)) {
            Path file = store.save(TestCheckpoints.filled(1_000, 10));
            store.save(TestCheckpoints.filled(2_000, 10));
            store.save(TestCheckpoints.filled(9_000_000_000_000L, 10));

            assertEquals(dir.resolve("step-000000001000.ckpt"), file);
            assertEquals(List.of("step-000000001000.ckpt", "step-000000002000.ckpt", "step-9000000000000.ckpt"),
                    fileNames(store.list()));
        }
    }

    @Test
    void shouldDeleteStaleTempFilesOnSave() throws IOException {
        Path stale = Files.write(dir.resolve("step-000000000005.ckpt.tmp"), new byte[1234]);
        Path unrelated = Files.write(dir.resolve("notes.tmp"), new byte[1]);
        try (CheckpointStore store = new CheckpointStore(dir, 2)) {
            assertEquals(List.of(), store.list(), "temp files are not checkpoints");

            store.save(TestCheckpoints.filled(3, 10));

            assertFalse(Files.exists(stale), "stale temp file deleted");
            assertTrue(Files.exists(unrelated), "files the store did not name are left alone");
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of("notes.tmp", "step-000000000003.ckpt"),
                        files.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }
    }

    @Test
    void shouldSkipATruncatedNewestFileAndReportIt() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 3)) {
            store.save(TestCheckpoints.filled(1, 5000));
            store.save(TestCheckpoints.filled(2, 5000));
            Path newest = store.save(TestCheckpoints.filled(3, 5000));
            TestCheckpoints.truncate(newest, Files.size(newest) / 2);

            LoadResult result = store.findLatestValid();

            Checkpoint loaded = result.checkpoint().orElseThrow();
            assertEquals(2, loaded.step());
            assertEquals(-1, TestCheckpoints.firstByteNotEqual(loaded.section("params").data(), (byte) 2));
            assertEquals(dir.resolve("step-000000000002.ckpt"), result.file().orElseThrow());
            assertEquals(1, result.skipped().size());
            assertEquals(newest, result.skipped().get(0).file());
            assertTrue(result.skipped().get(0).reason().contains("truncated"), result.skipped().get(0).reason());
            assertEquals(2, store.loadLatestValid().orElseThrow().step());
        }
    }

    @Test
    void shouldReturnEmptyWhenNoCheckpointIsValid() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 3)) {
            assertTrue(store.loadLatestValid().isEmpty(), "empty directory");
            Path only = store.save(TestCheckpoints.filled(1, 100));
            TestCheckpoints.flipByte(only, 0);

            LoadResult result = store.findLatestValid();

            assertTrue(result.checkpoint().isEmpty());
            assertEquals(1, result.skipped().size());
            assertTrue(result.skipped().get(0).reason().contains("bad magic"), result.skipped().get(0).reason());
        }
    }

    @Test
    void shouldDeleteCheckpointsFromARunThatResumedEarlier() throws IOException {
        try (CheckpointStore store = new CheckpointStore(dir, 5)) {
            store.save(TestCheckpoints.filled(10, 10));
            store.save(TestCheckpoints.filled(20, 10));
            store.save(TestCheckpoints.filled(30, 10));

            store.save(TestCheckpoints.filled(15, 10)); // resumed from step 10

            assertEquals(names(10, 15), fileNames(store.list()));
            assertEquals(15, store.loadLatestValid().orElseThrow().step());
        }
    }

    @Test
    void shouldValidateConstructorArguments() throws IOException {
        IllegalArgumentException keep = assertThrows(IllegalArgumentException.class,
                () -> new CheckpointStore(dir, 0));
        assertTrue(keep.getMessage().contains("keepLatest"), keep.getMessage());
        Path file = Files.write(dir.resolve("file"), new byte[1]);
        IllegalArgumentException notDir = assertThrows(IllegalArgumentException.class,
                () -> new CheckpointStore(file, 1));
        assertTrue(notDir.getMessage().contains("dir"), notDir.getMessage());
        assertThrows(NullPointerException.class, () -> new CheckpointStore(null, 1));

        Path nested = dir.resolve("a/b/c");
        try (CheckpointStore store = new CheckpointStore(nested, 1)) {
            assertTrue(Files.isDirectory(nested), "directory created");
            assertEquals(nested, store.dir());
        }
    }

    @Test
    void shouldRefuseToSaveAfterClose() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 1);
        store.close();
        store.close();

        assertThrows(IllegalStateException.class, () -> store.save(TestCheckpoints.filled(1, 1)));
        assertThrows(IllegalStateException.class, () -> store.saveAsync(TestCheckpoints.filled(1, 1)));
    }

    private static List<String> names(long... steps) {
        return Arrays.stream(steps).mapToObj(CheckpointStore::fileName).toList();
    }

    private static List<String> fileNames(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }
}
