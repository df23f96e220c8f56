package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the supervisor, trainer, checkpointer and evaluator on real files. */
class SupervisorTest {

    @Test
    void shouldTrainToTheLastStepAndWriteMetricsAndCheckpoints(@TempDir Path out) throws Exception {
        Runs.Outcome o = Runs.run(Runs.job(out, 12, false, -1));
        assertEquals(12, o.summary().steps());
        assertEquals(0, o.summary().restarts());
        assertTrue(o.summary().finalEval() != null && o.summary().finalEval().step() == 12);
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(12, lines.stream().filter(l -> l.contains("\"kind\":\"train\"")).count());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"kind\":\"eval\"")));
        try (CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), 3)) {
            assertEquals(12, store.loadLatestValid().orElseThrow().step());
        }
    }

    @Test
    void shouldRestartACrashedTrainerFromTheLastCheckpointAndFollowTheSameTrajectory(@TempDir Path clean,
                                                                                    @TempDir Path crashed) throws Exception {
        Runs.Outcome reference = Runs.run(Runs.job(clean, 14, false, -1));
        Runs.Outcome faulted = Runs.run(Runs.job(crashed, 14, false, 8));
        assertEquals(1, faulted.summary().restarts(), "the injected failure should cause exactly one restart");
        assertEquals(14, faulted.summary().steps());
        assertTrue(Files.readString(crashed.resolve("metrics.jsonl")).contains("\"kind\":\"restart\",\"step\":5"),
                "the restart should resume from the step-5 checkpoint");
        for (long step = 1; step <= 14; step++) {
            assertEquals(reference.losses().get(step), faulted.losses().get(step), 1e-5, "loss at step " + step);
        }
    }

    @Test
    void shouldResumeAStoppedRunWithTheSameLossTrajectory(@TempDir Path whole, @TempDir Path split) throws Exception {
        Runs.Outcome reference = Runs.run(Runs.job(whole, 14, false, -1));
        Runs.run(Runs.job(split, 7, false, -1));
        Runs.Outcome resumed = Runs.run(Runs.job(split, 14, true, -1));
        assertEquals(8L, resumed.losses().keySet().iterator().next(), "resume continues after step 7");
        for (long step = 8; step <= 14; step++) {
            assertEquals(reference.losses().get(step), resumed.losses().get(step), 1e-5, "loss at step " + step);
        }
    }
}
