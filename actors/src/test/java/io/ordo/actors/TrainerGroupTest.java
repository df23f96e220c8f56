package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.protocol.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs with several trainer workers in one JVM: the rows of each batch are split across them, so a
 * 2-worker run follows the 1-worker run with the same total batch, and a crash of any worker
 * restarts all of them from the last checkpoint.
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
