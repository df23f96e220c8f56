package io.ordo.deploy;

import io.ordo.actors.job.TrainingJob;
import io.ordo.model.Gpt;
import io.ordo.model.safetensors.GptSafetensors;
import java.io.IOException;
import java.nio.file.Files;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Checks a job's {@code --init-from} weights before the run starts: the file exists and holds
 * exactly the tensors of the job's model in its shapes, so a mismatch is one line (naming the
 * tensor and both shapes) instead of a trainer that fails at start-up (and is restarted, failing
 * again, without end: measured when this check was removed from {@code ordo train}).
 */
public final class InitialWeights {
    private InitialWeights() {
    }

    /** Returns quietly when the job has no init-from or its file fits; else an IllegalArgumentException. */
    public static void check(TrainingJob job) {
        if (job.initFrom() == null) {
            return;
        }
        if (!Files.isRegularFile(job.initFrom())) {
            throw new IllegalArgumentException("--init-from " + job.initFrom() + " is not a file; pass a .safetensors "
                    + "file written by 'ordo export' or the PyTorch peer");
        }
        try {
            GptSafetensors.load(job.initFrom(), new Gpt(job.model(), job.objective(), DataType.FLOAT));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --init-from " + job.initFrom() + ": " + e.getMessage());
        }
    }
}
