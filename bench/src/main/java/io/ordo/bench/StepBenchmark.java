package io.ordo.bench;

import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.TokenBatch;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.task.CopyTask;
import io.ordo.model.train.Trainer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Times full training steps (forward, backward, AdamW) on copy-task batches, like the PyTorch peer:
 * batches are built outside the timed region and the first warm-up steps are excluded.
 */
public final class StepBenchmark {
    private StepBenchmark() {
    }

    /**
     * Result of one configuration: median wall time per step, input tokens per second, and the
     * median CPU time of the stepping thread (less sensitive than wall time to other processes
     * taking the core; it misses work on other threads, e.g. a 2-thread OpenBLAS's helper).
     */
    public record Result(String objective, double medianMs, double tokensPerSecond, double finalLoss, double medianCpuMs) {
    }

    public static Result run(ModelConfig config, Objective objective, int batch, int steps, int warmup) {
        Gpt gpt = new Gpt(config, objective, DataType.FLOAT);
        Trainer trainer = new Trainer(gpt, OptimizerConfig.defaults().withGradClipNorm(0));
        CopyTask data = new CopyTask(config.vocabSize(), config.seqLen(), objective, false, 42);
        double[] times = new double[steps - warmup];
        double[] cpu = new double[steps - warmup];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double loss = Double.NaN;
        for (int step = 0; step < steps; step++) {
            TokenBatch b = data.next(batch);
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            loss = trainer.step(b).losses().total();
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            if (step >= warmup) {
                times[step - warmup] = (t1 - t0) / 1e6;
                cpu[step - warmup] = (c1 - c0) / 1e6;
            }
        }
        double median = median(times);
        return new Result(objective.toString(), median, batch * config.seqLen() / (median / 1e3), loss, median(cpu));
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
