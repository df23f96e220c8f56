package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ordo.actors.job.TrainingJob;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With dropout on, a resumed or restarted run follows the uninterrupted trajectory: checkpoints
 * carry the dropout generators' states, so the masks after a resume are the ones the uninterrupted
 * run drew.
 */
class DropoutResumeTest {
    private static final double DROPOUT = 0.1;

    private static TrainingJob job(Path out, long steps, boolean resume, long failAt) {
        TrainingJob j = Runs.job(out, steps, resume, failAt);
        return j.withModel(j.model().withDropout(DROPOUT));
    }

    @Test
    void shouldResumeAStoppedRunWithDropoutOnTheSameLossTrajectory(@TempDir Path whole, @TempDir Path split,
                                                                   @TempDir Path noDropout) throws Exception {
        Runs.Outcome reference = Runs.run(job(whole, 14, false, -1));
        Runs.Outcome plain = Runs.run(Runs.job(noDropout, 14, false, -1));
        assertNotEquals(plain.losses().get(2L), reference.losses().get(2L), "dropout is on");
        Runs.run(job(split, 7, false, -1));
        Runs.Outcome resumed = Runs.run(job(split, 14, true, -1));
        assertEquals(8L, resumed.losses().keySet().iterator().next(), "resume continues after step 7");
        for (long step = 8; step <= 14; step++) {
            assertEquals(reference.losses().get(step), resumed.losses().get(step), 1e-6, "loss at step " + step);
        }
    }

    @Test
    void shouldRestartACrashedTrainerWithDropoutOnTheSameLossTrajectory(@TempDir Path clean, @TempDir Path crashed)
            throws Exception {
        Runs.Outcome reference = Runs.run(job(clean, 12, false, -1));
        Runs.Outcome faulted = Runs.run(job(crashed, 12, false, 8));
        assertEquals(1, faulted.summary().restarts());
        for (long step = 1; step <= 12; step++) {
            assertEquals(reference.losses().get(step), faulted.losses().get(step), 1e-6, "loss at step " + step);
        }
    }
}
