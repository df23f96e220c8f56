package io.ordo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreAsyncTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheBytesAsTheyWereWhenSaveAsyncReturned() throws Exception {
        int size = 8 * 1024 * 1024;
        ByteBuffer live = ByteBuffer.allocateDirect(size);
        fill(live, (byte) 1);
        try (CheckpointStore store = new CheckpointStore(dir, 5)) {
            CompletableFuture<Path> first = store.saveAsync(
                    new Checkpoint(1, "{}", List.of(new Section("params", live))));
            fill(live, (byte) 2); // the trainer keeps going while the write is in flight
            CompletableFuture<Path> second = store.saveAsync(
                    new Checkpoint(2, "{}", List.of(new Section("params", live))));
            fill(live, (byte) 3);

            Checkpoint one = CheckpointFormat.read(first.get());
            Checkpoint two = CheckpointFormat.read(second.get());

            assertEquals(-1, TestCheckpoints.firstByteNotEqual(one.section("params").data(), (byte) 1));
            assertEquals(-1, TestCheckpoints.firstByteNotEqual(two.section("params").data(), (byte) 2));
            assertEquals(0, live.position(), "caller's position untouched");
        }
    }

    @Test
    void shouldDrainPendingWritesInOrderOnClose() throws IOException, InterruptedException, ExecutionException {
        List<CompletableFuture<Path>> futures = new ArrayList<>();
        CheckpointStore store = new CheckpointStore(dir, 3);
        for (long step = 1; step <= 6; step++) {
            futures.add(store.saveAsync(TestCheckpoints.filled(step, 2 * 1024 * 1024)));
        }

        store.close();

        for (int i = 0; i < futures.size(); i++) {
            assertTrue(futures.get(i).isDone(), "write " + (i + 1) + " done after close()");
            assertEquals(dir.resolve(CheckpointStore.fileName(i + 1)), futures.get(i).get());
        }
        // written in order, so pruning kept exactly the last three
        try (CheckpointStore reader = new CheckpointStore(dir, 3)) {
            assertEquals(List.of(dir.resolve(CheckpointStore.fileName(4)), dir.resolve(CheckpointStore.fileName(5)),
                    dir.resolve(CheckpointStore.fileName(6))), reader.list());
            Checkpoint latest = reader.loadLatestValid().orElseThrow();
            assertEquals(6, latest.step());
            assertEquals(-1, TestCheckpoints.firstByteNotEqual(latest.section("params").data(), (byte) 6));
        }
    }

    @Test
    void shouldCompleteExceptionallyWhenTheWriteFails() throws Exception {
        try (CheckpointStore store = new CheckpointStore(dir, 1)) {
            Files.createDirectory(dir.resolve(CheckpointStore.fileName(9) + CheckpointStore.TEMP_SUFFIX));

            CompletableFuture<Path> failed = store.saveAsync(TestCheckpoints.filled(9, 10));
            ExecutionException e = assertThrows(ExecutionException.class, failed::get);

            assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
            assertEquals(dir.resolve(CheckpointStore.fileName(10)),
                    store.saveAsync(TestCheckpoints.filled(10, 10)).get(), "store still usable after a failure");
        }
    }

    private static void fill(ByteBuffer b, byte value) {
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, value);
        }
    }
}
