package io.ordo.deploy.experiment;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.report.EvalResult;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointFormat;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.deploy.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Evaluations an interrupted run did not log. A run checkpoints a step before it evaluates it (on
 * another thread), so a kill can land between the two, and the resumed run starts after that step;
 * the kept checkpoints at evaluation steps that {@code metrics.jsonl} lacks are evaluated here, as the
 * run's evaluator would have.
 */
final class MissedEvals {
    private MissedEvals() {
    }

    /** Evaluates {@code job}'s kept checkpoints at evaluation steps not in {@code logged}, oldest first. */
    static List<EvalResult> evaluate(TrainingJob job, Set<Long> logged) throws IOException {
        List<EvalResult> evals = new ArrayList<>();
        try (CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            for (Path file : store.list()) {
                long step = CheckpointStore.stepOf(file);
                if (!job.evaluatesAt(step) || logged.contains(step)) {
                    continue;
                }
                Checkpoint c;
                try {
                    c = CheckpointFormat.read(file);
                } catch (IOException e) {
                    continue; // damaged: the run resumes from an older checkpoint and evaluates this step again
                }
                evals.add(RunDirectory.of(job, c).evaluate(job));
            }
        }
        return evals;
    }
}
