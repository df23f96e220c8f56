package io.ordo.bench;

import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.TokenBatch;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.task.CopyTask;
import io.ordo.model.train.Trainer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Times full training steps (forward, backward, AdamW) on copy-task batches, like the PyTorch peer:
 * batches are built outside the timed region and the first warm-up steps are excluded.
 */
public final class StepBenchmark {
    private StepBenchmark() {
    }

    /** Result of one configuration: median step time and input tokens per second. */
    public record Result(String objective, double medianMs, double tokensPerSecond, double finalLoss) {
    }

    public static Result run(ModelConfig config, Objective objective, int batch, int steps, int warmup) {
        Gpt gpt = new Gpt(config, objective, DataType.FLOAT);
        Trainer trainer = new Trainer(gpt, OptimizerConfig.defaults().withGradClipNorm(0));
        CopyTask data = new CopyTask(config.vocabSize(), config.seqLen(), objective, false, 42);
        double[] times = new double[steps - warmup];
        double loss = Double.NaN;
        for (int step = 0; step < steps; step++) {
            TokenBatch b = data.next(batch);
            long t0 = System.nanoTime();
            loss = trainer.step(b).losses().total();
            long t1 = System.nanoTime();
            if (step >= warmup) {
                times[step - warmup] = (t1 - t0) / 1e6;
            }
        }
        Arrays.sort(times);
        double median = times.length % 2 == 1 ? times[times.length / 2]
                : 0.5 * (times[times.length / 2 - 1] + times[times.length / 2]);
        return new Result(objective.toString(), median, batch * config.seqLen() / (median / 1e3), loss);
    }
}
