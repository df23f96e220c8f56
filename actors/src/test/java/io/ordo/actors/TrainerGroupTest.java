package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs with several trainer workers in one JVM: each worker reads its own rows of every global
 * batch, so a W-worker run follows the 1-worker run with the same global batch (also when W does not
 * divide it), a checkpoint resumes on another number of workers, and a crash of any worker restarts
 * all of them from the last checkpoint.
 */
class TrainerGroupTest {
    private static final long STEPS = 14;

    @Test
    void shouldFollowTheOneWorkerTrajectoryWithTwoWorkers(@TempDir Path one, @TempDir Path two) throws Exception {
        Runs.Outcome single = Runs.run(Runs.job(one, STEPS, false, -1));
        Runs.Outcome pair = Runs.run(Runs.job(two, STEPS, false, -1).withWorkers(2));
        assertEquals(STEPS, pair.summary().steps());
        assertEquals(single.summary().tokens(), pair.summary().tokens(), "tokens count the whole batch");
        for (long step = 1; step <= STEPS; step++) {
            double expected = single.losses().get(step);
            assertEquals(expected, pair.losses().get(step), 1e-5 * expected, "loss at step " + step);
        }
        assertEquals(single.summary().finalEval().accuracy(), pair.summary().finalEval().accuracy());
        try (CheckpointStore a = new CheckpointStore(one.resolve("checkpoints"), 3);
             CheckpointStore b = new CheckpointStore(two.resolve("checkpoints"), 3)) {
            assertEquals(a.loadLatestValid().orElseThrow().step(), b.loadLatestValid().orElseThrow().step());
        }
    }

    /** 8 rows on 3 workers (3, 3 and 2 rows): the token-weighted global mean, not a mean of shard means. */
    @Test
    void shouldFollowTheOneWorkerTrajectoryWithThreeWorkersOnEightRows(@TempDir Path one, @TempDir Path three)
            throws Exception {
        Runs.Outcome single = Runs.run(Runs.job(one, STEPS, false, -1));
        Runs.Outcome triple = Runs.run(Runs.job(three, STEPS, false, -1).withWorkers(3));
        for (long step = 1; step <= STEPS; step++) {
            double expected = single.losses().get(step);
            assertEquals(expected, triple.losses().get(step), 1e-5 * expected, "loss at step " + step);
        }
        assertClose(Runs.finalParams(one), Runs.finalParams(three), "3 workers");
    }

    /** The cursor is global: 3 workers train to step 7, 2 workers resume to the end, as 1 worker throughout. */
    @Test
    void shouldResumeOnAnotherNumberOfWorkers(@TempDir Path one, @TempDir Path moved) throws Exception {
        Runs.Outcome single = Runs.run(Runs.job(one, STEPS, false, -1));
        Runs.run(Runs.job(moved, 7, false, -1).withWorkers(3));
        Runs.Outcome resumed = Runs.run(Runs.job(moved, STEPS, true, -1).withWorkers(2));
        assertEquals(STEPS, resumed.summary().steps());
        for (long step = 8; step <= STEPS; step++) {
            double expected = single.losses().get(step);
            assertEquals(expected, resumed.losses().get(step), 1e-5 * expected, "loss at step " + step);
        }
        assertClose(Runs.finalParams(one), Runs.finalParams(moved), "3 workers, then 2");
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(max < 1e-4, what + ": max |parameter difference| " + max + " (AdamW turns float noise in tiny gradients into steps of up to lr)");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void shouldRestartBothWorkersFromTheLastCheckpointWhenOneCrashes(int rank, @TempDir Path clean,
                                                                    @TempDir Path crashed) throws Exception {
        Runs.Outcome reference = Runs.run(Runs.job(clean, STEPS, false, -1).withWorkers(2));
        Runs.Outcome faulted = Runs.run(Runs.job(crashed, STEPS, false, -1).withWorkers(2), new FaultInjector(8, rank));
        assertEquals(1, faulted.summary().restarts(), "the injected failure should cause exactly one restart");
        assertEquals(STEPS, faulted.summary().steps());
        String metrics = Files.readString(crashed.resolve("metrics.jsonl"));
        assertTrue(metrics.contains("\"kind\":\"restart\",\"step\":5") || metrics.contains("\"kind\":\"restart\",\"step\":8"),
                "the restart resumes from the step-5 checkpoint (or the one worker 0 wrote when it was stopped): " + metrics);
        for (long step = 1; step <= STEPS; step++) {
            assertEquals(reference.losses().get(step), faulted.losses().get(step), 1e-5, "loss at step " + step);
        }
    }
}
