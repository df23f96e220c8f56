package io.ordo.deploy;

import io.ordo.actors.job.TrainingJob;
import io.ordo.checkpoint.CheckpointFormat;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * What {@code --resume} checks before anything starts (and before the run directory's
 * {@code config.conf} is replaced), so that a mismatch is one clear error instead of a trainer
 * that fails, restarts and fails again:
 * <ul>
 *   <li>every checkpoint file there has this build's format version (an older one would be skipped
 *       as unreadable, and deleted by the next save as "after the step just saved");</li>
 *   <li>the model the directory's {@code config.conf} describes has the shape this run asks for
 *       (vocabulary, sequence length, d-model, heads, layers, mlp-ratio, objective): the
 *       checkpoint's parameters only fit that shape.</li>
 * </ul>
 */
final class ResumeCheck {
    private ResumeCheck() {
    }

    /** @throws IllegalStateException naming the mismatch and the fix */
    static void check(TrainingJob job, CheckpointStore store) throws IOException {
        List<Path> files = store.list();
        if (files.isEmpty()) {
            return;
        }
        for (Path f : files) {
            OptionalInt v = CheckpointFormat.version(f);
            if (v.isPresent() && v.getAsInt() != CheckpointFormat.VERSION) {
                throw new IllegalStateException("--resume: " + f + " has checkpoint format version " + v.getAsInt()
                        + " but this ordo reads version " + CheckpointFormat.VERSION + "; resume with the ordo that "
                        + "wrote it, or start a new run with another --out");
            }
        }
        Path conf = job.outDir().resolve("config.conf");
        if (!Files.isRegularFile(conf)) {
            return;
        }
        TrainingJob before;
        try {
            before = RunDirectory.jobOf(job.outDir());
        } catch (RuntimeException e) {
            return; // an old or hand-edited config.conf: the trainer still checks the parameter count
        }
        List<String> was = new ArrayList<>();
        List<String> now = new ArrayList<>();
        ModelConfig a = before.model();
        ModelConfig b = job.model();
        differ(was, now, "vocabulary", a.vocabSize() + " (task " + before.task().name() + ")",
                b.vocabSize() + " (task " + job.task().name() + ")", a.vocabSize() != b.vocabSize());
        differ(was, now, "sequence length", a.seqLen(), b.seqLen(), a.seqLen() != b.seqLen());
        differ(was, now, "d-model", a.dModel(), b.dModel(), a.dModel() != b.dModel());
        differ(was, now, "heads", a.nHeads(), b.nHeads(), a.nHeads() != b.nHeads());
        differ(was, now, "layers", a.nLayers(), b.nLayers(), a.nLayers() != b.nLayers());
        differ(was, now, "mlp-ratio", a.mlpRatio(), b.mlpRatio(), a.mlpRatio() != b.mlpRatio());
        boolean objective = before.objective().kind() != job.objective().kind()
                || before.objective().mtpTokens() != job.objective().mtpTokens();
        differ(was, now, "objective", before.objective(), job.objective(), objective);
        if (!was.isEmpty()) {
            throw new IllegalStateException("--resume: " + job.outDir() + " holds a model with " + String.join(", ", was)
                    + " but this run asks for " + String.join(", ", now) + "; resume with the run's own settings (see "
                    + conf + ") or start a new run with another --out");
        }
    }

    private static void differ(List<String> was, List<String> now, String key, Object a, Object b, boolean differs) {
        if (differs) {
            was.add(key + " = " + a);
            now.add(key + " = " + b);
        }
    }
}
