package io.ordo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.checkpoint.CheckpointStore;
import io.ordo.checkpoint.LoadResult;
import io.ordo.deploy.cli.OrdoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a real {@code ordo train} process (the CLI main class in its own JVM) while it is writing
 * a checkpoint, twice (a fresh run, then a resumed one), and checks after each kill that the run
 * directory's newest valid checkpoint loads into the model, then that {@code ordo train --resume}
 * continues from it and finishes the run.
 */
@Tag("system")
class TrainKillTest {
    private static final int STEPS = 60;
    private static final int KILLS = 2;
    private static final Pattern STEP_OF_TEMP = Pattern.compile("step-(\\d+)\\.ckpt\\.tmp");
    private static final Pattern FIRST_STEP = Pattern.compile("steps (\\d+)\\.\\." + STEPS);

    @TempDir
    Path dir;

    @Test
    void shouldResumeAndFinishAfterSigkillDuringCheckpointWrites() throws Exception {
        Path out = dir.resolve("run");
        Path checkpoints = out.resolve("checkpoints");
        long newest = 0;
        int killedMidWrite = 0;
        for (int round = 0; round < KILLS; round++) {
            Path log = dir.resolve("kill-" + round + ".log");
            Process p = start(out, round > 0, log);
            try {
                boolean midWrite = killDuringWrite(p, checkpoints, newest + 4, log);
                killedMidWrite += midWrite && tempFiles(checkpoints) > 0 ? 1 : 0;
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            try (CheckpointStore store = new CheckpointStore(checkpoints, 3)) {
                LoadResult r = store.findLatestValid();
                String where = "round " + round + ", files " + files(checkpoints);
                assertEquals(List.of(), r.skipped(), "every file with a final name is complete; " + where);
                long step = r.checkpoint().orElseThrow(() -> new AssertionError("no valid checkpoint; " + where)).step();
                assertTrue(step > newest, "round " + round + " checkpointed past step " + newest + "; " + where);
                newest = step;
            }
            RunDirectory run = RunDirectory.open(out); // restores the newest checkpoint into the model
            assertEquals(newest, run.meta().step());
            assertTrue(run.meta().cursor() != null, "the checkpoint carries the data cursor");
        }
        assertTrue(killedMidWrite > 0, "at least one kill landed while a checkpoint was being written");

        Path log = dir.resolve("resume.log");
        Process p = start(out, true, log);
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly(); // a hung run must not outlive the test
        }
        assertTrue(exited, "resumed run finished in time; " + Files.readString(log));
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        Matcher first = FIRST_STEP.matcher(output);
        assertTrue(first.find(), output);
        assertEquals(newest + 1, Long.parseLong(first.group(1)), "resumed right after the newest valid checkpoint");
        assertTrue(output.contains("done: " + STEPS + " steps"), output);
        try (CheckpointStore store = new CheckpointStore(checkpoints, 3)) {
            assertEquals(STEPS, store.loadLatestValid().orElseThrow().step());
        }
    }

    /** {@code ordo train} in a new JVM, checkpointing every step, its output into {@code log}. */
    private static Process start(Path out, boolean resume, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseSerialGC",
                "-Dordo.job.eval.examples=8", "-Dordo.job.checkpoint.keep=3", "-Dordo.job.log-every=10"));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OrdoCommand.class.getName(), "train",
                "--task", "stargraph:2,3,10", "--objective", "ntp", "--d-model", "128", "--layers", "2", "--heads", "2",
                "--batch", "8", "--steps", Integer.toString(STEPS), "--eval-every", "0", "--checkpoint-every", "1",
                "--out", out.toString()));
        if (resume) {
            cmd.add("--resume");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /**
     * Polls the checkpoint directory until a checkpoint of at least {@code minStep} is being written
     * (its temp file exists), then SIGKILLs the process. Returns whether it saw that temp file.
     */
    private static boolean killDuringWrite(Process p, Path checkpoints, long minStep, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("ordo train exited (" + p.exitValue() + ") before the kill: " + Files.readString(log));
            }
            if (writing(checkpoints) >= minStep) {
                p.destroyForcibly(); // SIGKILL on Linux
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed process exited");
                return true;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no checkpoint write of step >= " + minStep + " seen in time: " + Files.readString(log));
    }

    /** The step of the checkpoint being written now, or -1. */
    private static long writing(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return -1;
        }
        long step = -1;
        try (Stream<Path> s = Files.list(checkpoints)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                Matcher m = STEP_OF_TEMP.matcher(f.getFileName().toString());
                if (m.matches()) {
                    step = Math.max(step, Long.parseLong(m.group(1)));
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return -1; // a file vanished while listing (renamed or pruned)
        }
        return step;
    }

    private static long tempFiles(Path checkpoints) throws IOException {
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.filter(f -> f.toString().endsWith(CheckpointStore.TEMP_SUFFIX)).count();
        }
    }

    private static List<String> files(Path checkpoints) throws IOException {
        try (Stream<Path> s = Files.list(checkpoints)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
