package io.ordo.deploy.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.deploy.ChildOrdo;
import io.ordo.deploy.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill soak of {@code ordo train} (not in the default build: {@code mvn -Psoak}, see the README's
 * Reliability section). SIGKILLs a real {@code ordo train} process {@code ordo.soak.kills} times
 * (default 12) at random moments, by turns during start-up, mid-step and mid-checkpoint-write, each
 * time resuming with {@code --resume}; then lets it finish and compares it with an uninterrupted
 * run of the same job: the train loss of the last step and every final parameter, bit for bit.
 */
@Tag("soak")
class TrainKillSoakTest {
    private static final int STEPS = 400;
    private static final int KILLS = Integer.getInteger("ordo.soak.kills", 12);
    private static final long SEED = Long.getLong("ordo.soak.seed", 20261130L);

    @TempDir
    Path dir;

    @Test
    void shouldEndBitIdenticalToAnUninterruptedRunAfterRandomKills() throws Exception {
        Path reference = dir.resolve("uninterrupted");
        ChildOrdo.awaitSuccess(start(reference, false, dir.resolve("uninterrupted.log")), dir.resolve("uninterrupted.log"), 300);

        Path out = dir.resolve("killed");
        SplittableRandom random = new SplittableRandom(SEED);
        Map<KillMoment, Integer> landed = new EnumMap<>(KillMoment.class);
        List<String> history = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            KillMoment planned = KillMoment.values()[kill % KillMoment.values().length];
            Path log = dir.resolve("kill-" + kill + ".log");
            // spread the kills over the run, each before its last checkpoints
            long aim = Math.min(STEPS - 20, newestStep(out) + random.nextInt(2 * STEPS / (KILLS + 2)));
            Process p = start(out, kill > 0, log);
            KillMoment actual;
            try {
                actual = planned.strike(p, out, log, aim, random);
            } finally {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
            landed.merge(actual, 1, Integer::sum);
            history.add(actual + " after step " + newestStep(out));
        }
        Path log = dir.resolve("finish.log");
        ChildOrdo.awaitSuccess(start(out, true, log), log, 300);

        float[] expected = RunFiles.finalParams(reference, STEPS);
        float[] actual = RunFiles.finalParams(out, STEPS);
        double lossExpected = lastTrainLoss(reference);
        double lossActual = lastTrainLoss(out);
        String summary = String.format(Locale.ROOT, "train kill soak: %d kills %s, resumed %d times, %d steps; last-step "
                        + "loss %s vs uninterrupted %s; max |param diff| %.3g over %d parameters; %s%n", KILLS, landed, KILLS,
                STEPS, lossActual, lossExpected, RunFiles.maxAbsDiff(expected, actual), expected.length, history);
        System.out.print(summary);
        Files.createDirectories(Path.of("target", "soak"));
        Files.writeString(Path.of("target", "soak", "train-soak.txt"), summary);
        assertEquals(lossExpected, lossActual, "train loss of step " + STEPS + " (bit for bit)");
        assertArrayEquals(expected, actual, "final parameters (bit for bit)");
        assertEquals(KILLS, landed.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(landed.getOrDefault(KillMoment.MID_CHECKPOINT_WRITE, 0) > 0, "some kill landed mid-write: " + history);
        assertTrue(landed.getOrDefault(KillMoment.MID_STEP, 0) > 0, "some kill landed mid-step: " + history);
        assertTrue(landed.getOrDefault(KillMoment.START_UP, 0) > 0, "some kill landed in start-up: " + history);
    }

    /** The loss of the last train line of step {@link #STEPS} (a resumed run appends; the last one counts). */
    private static double lastTrainLoss(Path run) throws Exception {
        JsonNode last = null;
        for (JsonNode n : RunFiles.metrics(run)) {
            if (n.get("kind").asText().equals("train") && n.get("step").asLong() == STEPS) {
                last = n;
            }
        }
        if (last == null) {
            throw new AssertionError("no train line of step " + STEPS + " in " + run);
        }
        return last.get("loss").asDouble();
    }

    /** The newest checkpoint's step in {@code run} (0 if none); every file with a final name must verify. */
    static long newestStep(Path run) throws Exception {
        Path checkpoints = run.resolve("checkpoints");
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (CheckpointStore store = new CheckpointStore(checkpoints, 3)) {
            var r = store.findLatestValid();
            assertEquals(List.of(), r.skipped(), "a checkpoint with a final name did not verify");
            return r.checkpoint().map(c -> c.step()).orElse(0L);
        }
    }

    private static Process start(Path out, boolean resume, Path log) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--task", "stargraph:2,3,10", "--objective", "top",
                "--d-model", "32", "--layers", "2", "--heads", "2", "--batch", "8", "--steps", String.valueOf(STEPS),
                "--seed", "7", "--eval-every", "0", "--checkpoint-every", "7", "--http-port", "-1", "--out", out.toString()));
        if (resume) {
            args.add("--resume");
        }
        return ChildOrdo.start(List.of("ordo.job.eval.examples=8", "ordo.job.checkpoint.keep=3", "ordo.job.log-every=10"),
                args, log);
    }
}
