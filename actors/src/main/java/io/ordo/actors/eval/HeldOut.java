package io.ordo.actors.eval;

import io.ordo.actors.job.TrainingJob;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.pack.PackedRow;
import java.util.List;

/**
 * A task's held-out split as evaluation reads it: the test generator of a generated task, or the
 * first held-out windows of a text corpus (read once, then reused by every evaluation).
 *
 * @param examples test examples (generated tasks), or null
 * @param windows  held-out windows of T + lookahead tokens (text tasks), or null
 */
public record HeldOut(TaskGenerator examples, List<PackedRow> windows) {

    /** The held-out split of {@code job}, windows shaped as {@code config}. */
    public static HeldOut of(TrainingJob job, BatchConfig config) {
        if (job.task().isText()) {
            return new HeldOut(null, job.task().corpus().heldOutRows(config.seqLen(), config.lookahead(),
                    job.evalExamples()));
        }
        return new HeldOut(job.task().test(job.dataSeed()), null);
    }

    public boolean isText() {
        return windows != null;
    }
}
