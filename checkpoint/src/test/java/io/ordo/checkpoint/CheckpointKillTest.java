package io.ordo.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a separate JVM ({@link CheckpointWriterProcess}) in the middle of a checkpoint write,
 * several times, and checks that what is left always loads as a complete checkpoint.
 */
@Tag("system")
class CheckpointKillTest {

    private static final int BYTES = 30 * 1024 * 1024;
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void shouldLeaveTheLastCompleteCheckpointLoadableWhenKilledMidWrite() throws Exception {
        Random random = new Random(42);
        int killedMidWrite = 0;
        long previousStep = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Outcome outcome = runAndKill(random);
            boolean tempLeft = tempFiles() > 0;
            killedMidWrite += tempLeft ? 1 : 0;

            try (CheckpointStore store = new CheckpointStore(dir, 2)) {
                LoadResult result = store.findLatestValid();
                Checkpoint latest = result.checkpoint().orElseThrow();
                String where = "round " + round + " " + outcome + ", temp file left: " + tempLeft;

                assertEquals(List.of(), result.skipped(), "no final-named file is partial; " + where);
                assertTrue(latest.step() >= outcome.lastDone && latest.step() <= outcome.lastBegun,
                        "step " + latest.step() + " is the last completed save or the one in flight; " + where);
                assertTrue(latest.step() > previousStep, "each round saved something new; " + where);
                assertEquals("{\"step\":" + latest.step() + "}", latest.metaJson(), where);
                assertEquals(BYTES, latest.section("params").size(), where);
                assertEquals(-1, TestCheckpoints.firstByteNotEqual(latest.section("params").data(),
                        (byte) latest.step()), "every byte equals the step; " + where);
                for (Path file : store.list()) {
                    CheckpointFormat.read(file); // every file with a final name verifies
                }
                previousStep = latest.step();
            }
        }
        assertTrue(killedMidWrite > 0, "at least one kill landed during a write (a .tmp file was left)");

        try (CheckpointStore store = new CheckpointStore(dir, 2)) {
            store.save(TestCheckpoints.filled(previousStep + 100, 10));
        }
        assertEquals(0, tempFiles(), "the next save removes the stale temp file");
    }

    /** What the child reported before it was killed. */
    private record Outcome(long lastBegun, long lastDone) {
    }

    private Outcome runAndKill(Random random) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                CheckpointWriterProcess.class.getName(), dir.toString(), Integer.toString(BYTES))
                .redirectErrorStream(true)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> pump(child, lines), "kill-test-reader");
        reader.start();
        long lastBegun = 0;
        long lastDone = 0;
        int done = 0;
        long begunAt = 0;
        long lastDurationNanos = 0;
        try {
            while (true) {
                String line = lines.poll(30, TimeUnit.SECONDS);
                if (line == null || line.equals("EOF")) {
                    throw new AssertionError("child stopped before two saves: " + line + " " + lines);
                }
                if (line.startsWith("BEGIN ")) {
                    lastBegun = Long.parseLong(line.substring(6));
                    begunAt = System.nanoTime();
                    if (done >= 2) {
                        break; // a save is in flight now
                    }
                } else if (line.startsWith("DONE ")) {
                    lastDone = Long.parseLong(line.substring(5));
                    lastDurationNanos = System.nanoTime() - begunAt;
                    done++;
                } else {
                    throw new AssertionError("unexpected output from the child: " + line);
                }
            }
            long delayNanos = (long) (random.nextDouble() * 0.5 * lastDurationNanos);
            TimeUnit.NANOSECONDS.sleep(delayNanos);
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child exited");
        } finally {
            child.destroyForcibly();
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (String line; (line = lines.poll()) != null; ) {
            if (line.startsWith("DONE ")) {
                lastDone = Long.parseLong(line.substring(5));
            } else if (line.startsWith("BEGIN ")) {
                lastBegun = Long.parseLong(line.substring(6));
            }
        }
        return new Outcome(lastBegun, lastDone);
    }

    private static void pump(Process child, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("read failed: " + e);
        }
        lines.add("EOF");
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(CheckpointStore.TEMP_SUFFIX)).count();
        }
    }
}
