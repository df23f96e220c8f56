package io.ordo.deploy.experiment;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.report.EvalResult;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.deploy.ChildOrdo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ordo experiment --resume} after a real interruption: a child JVM runs the experiment and
 * is SIGKILLed while its second arm trains; the same command plus {@code --resume} keeps the first
 * arm, continues the second from its checkpoint and reports both with complete curves.
 */
@Tag("system")
class ExperimentResumeTest {
    private static final long STEPS = 300;
    private static final long EVAL_EVERY = 50;

    /** A star-graph experiment of two tiny arms, ntp and mtp:2. */
    private static List<String> experiment(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("experiment", "stargraph", "--quick", "--arms", "ntp,mtp:2",
                "--steps", Long.toString(STEPS), "--eval-every", Long.toString(EVAL_EVERY), "--eval-examples", "20",
                "--d-model", "32", "--layers", "2", "--batch", "16", "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void shouldKeepTheFinishedArmAndResumeTheKilledOneFromItsCheckpoint(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sg");
        Path first = out.resolve("ntp-s1");
        Path second = out.resolve("mtp2-s1");
        Path log = dir.resolve("killed.log");
        Process p = ChildOrdo.start(List.of(), experiment(out), log);
        try {
            ChildOrdo.awaitCheckpoint(second, EVAL_EVERY, p, log);
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown checkpoint, no result
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed process exited");
        }
        assertTrue(ArmResultFile.exists(first), "the first arm finished before the kill: " + Files.readString(log));
        assertFalse(ArmResultFile.exists(second), "the kill landed while the second arm trained");
        String firstResult = Files.readString(first.resolve(ArmResultFile.NAME));
        long killedAt = newestCheckpoint(second);
        assertTrue(killedAt >= EVAL_EVERY && killedAt < STEPS, "checkpoint at " + killedAt);

        String[] r = run(experiment(out, "--resume").toArray(String[]::new));
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("ntp s1 kept"), r[1]);
        assertTrue(r[1].contains("[mtp:2 s1] resumed at step " + killedAt + " of " + STEPS), r[1]);
        assertEquals(firstResult, Files.readString(first.resolve(ArmResultFile.NAME)), "the first arm was not retrained");

        List<Long> everyEval = LongStream.rangeClosed(1, STEPS / EVAL_EVERY).map(i -> i * EVAL_EVERY).boxed().toList();
        for (Path arm : List.of(first, second)) {
            ArmResult a = ArmResultFile.read(arm);
            assertEquals(everyEval, a.curve().stream().map(EvalResult::step).toList(), "the curve of " + arm);
            assertEquals(STEPS, a.summary().steps());
        }
        assertEquals(List.of(killedAt), ArmResultFile.read(second).resumedFrom());
        List<String[]> rows = Files.readAllLines(out.resolve("results.csv")).stream().skip(1).map(l -> l.split(","))
                .toList();
        assertEquals(List.of("ntp", "mtp:2"), rows.stream().map(c -> c[0]).toList());
        assertEquals(rows.get(0)[9], rows.get(1)[9], "the resumed arm counts the tokens before its checkpoint too");
        assertTrue(Double.parseDouble(rows.get(1)[10]) > 0, "wall seconds");
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("- resumed after an interruption: mtp:2 s1 (from step " + killedAt + ")"), md);
    }

    @Test
    void shouldResumeOnlyTheSameExperiment(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sg");
        List<String> tiny = List.of("experiment", "stargraph", "--quick", "--arms", "ntp", "--steps", "20",
                "--eval-every", "10", "--eval-examples", "10", "--d-model", "32", "--layers", "1", "--out", out.toString());
        String[] r = run(tiny.toArray(String[]::new));
        assertEquals("0", r[0], r[1] + r[2]);

        List<String> longer = new ArrayList<>(tiny);
        longer.set(longer.indexOf("20"), "30");
        longer.add("--resume");
        r = run(longer.toArray(String[]::new));
        assertEquals("2", r[0], r[1] + r[2]);
        assertEquals(1, r[2].strip().lines().count(), "one line: " + r[2]);
        assertTrue(r[2].contains("steps is 30 in this command but 20 in " + out.resolve(ExperimentSettings.NAME)), r[2]);

        r = run(Stream.concat(tiny.stream(), Stream.of("--resume", "--overwrite")).toArray(String[]::new));
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("--resume") && r[2].contains("--overwrite"), r[2]);

        r = run(tiny.toArray(String[]::new));
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("pass --resume to continue"), r[2]);

        r = run(Stream.concat(tiny.stream(), Stream.of("--resume")).toArray(String[]::new));
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("ntp s1 kept"), r[1]);
    }

    @Test
    void shouldEvaluateTheCheckpointWhoseEvaluationTheKillCutOff(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sg");
        String[] tiny = {"experiment", "stargraph", "--quick", "--arms", "top", "--steps", "20", "--eval-every", "10",
                "--eval-examples", "10", "--d-model", "32", "--layers", "1", "--out", out.toString()};
        String[] r = run(tiny);
        assertEquals("0", r[0], r[1] + r[2]);
        Path arm = out.resolve("top-s1");
        ArmResult finished = ArmResultFile.read(arm);
        // killed after the final checkpoint, before its evaluation was logged and the result written
        Files.delete(arm.resolve(ArmResultFile.NAME));
        Path metrics = arm.resolve("metrics.jsonl");
        Files.write(metrics, Files.readAllLines(metrics).stream().filter(l -> !l.contains("\"kind\":\"eval\",\"step\":20,"))
                .toList());

        r = run(Stream.concat(Stream.of(tiny), Stream.of("--resume")).toArray(String[]::new));
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("resuming from its checkpoint at step 20") && !r[1].contains("resumed at step"),
                "nothing left to train: " + r[1]);
        ArmResult resumed = ArmResultFile.read(arm);
        assertEquals(List.of(10L, 20L), resumed.curve().stream().map(EvalResult::step).toList());
        assertEquals(finished.last().accuracy(), resumed.last().accuracy(), "the same evaluation as the run's");
        assertEquals(finished.last().loss(), resumed.last().loss(), 1e-6);
        assertEquals(finished.summary().tokens(), resumed.summary().tokens());
    }

    private static long newestCheckpoint(Path armDir) throws Exception {
        try (CheckpointStore store = new CheckpointStore(armDir.resolve("checkpoints"), ArmRun.KEEP_CHECKPOINTS)) {
            return store.loadLatestValid().map(Checkpoint::step).orElseThrow();
        }
    }
}
