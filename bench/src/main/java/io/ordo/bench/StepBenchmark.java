package io.ordo.bench;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.task.CopyTask;
import io.ordo.model.train.GradientExchange;
import io.ordo.model.train.LocalGradientExchange;
import io.ordo.model.train.Trainer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Times full training steps (forward, backward, AdamW) on copy-task batches, like the PyTorch peer:
 * batches are built outside the timed region and the first warm-up steps are excluded.
 *
 * <p>With R &gt; 1 replicas, the step is Ordo's in-JVM data parallelism ({@code ordo train
 * --workers R}): R trainers on their own threads, each on B/R rows of every batch, averaging
 * gradients through a {@link LocalGradientExchange} (the same update as one trainer on B rows).
 * Rank 0's wall time per step is the global step time: the exchange waits for every replica.
 */
public final class StepBenchmark {
    private StepBenchmark() {
    }

    /**
     * Result of one configuration: median wall time per step, input tokens per second, and the
     * median CPU time of the stepping thread (rank 0's; less sensitive than wall time to other
     * processes taking the core; it misses work on other threads, e.g. a 2-thread OpenBLAS's helper).
     */
    public record Result(String objective, double medianMs, double tokensPerSecond, double finalLoss, double medianCpuMs) {
    }

    public static Result run(ModelConfig config, Objective objective, int batch, int steps, int warmup, int replicas) {
        if (replicas < 1 || batch % replicas != 0) {
            throw new IllegalArgumentException("batch " + batch + " must split evenly over " + replicas + " replicas");
        }
        CopyTask data = new CopyTask(config.vocabSize(), config.seqLen(), objective, false, 42);
        List<TokenBatch> batches = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            batches.add(data.next(batch));
        }
        if (replicas == 1) {
            return time(new Trainer(model(config, objective), options()), batches, objective, warmup, batch * config.seqLen());
        }
        LocalGradientExchange exchange = LocalGradientExchange.create(replicas, Duration.ofMinutes(5));
        ExecutorService threads = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<Result>> ranks = new ArrayList<>();
            int rows = batch / replicas;
            for (int r = 0; r < replicas; r++) {
                GradientExchange participant = exchange.participant(r);
                List<TokenBatch> slices = new ArrayList<>();
                for (TokenBatch b : batches) {
                    slices.add(b.rows(r * rows, rows));
                }
                ranks.add(threads.submit(() -> time(new Trainer(model(config, objective), options(), participant),
                        slices, objective, warmup, batch * config.seqLen())));
            }
            Result rank0 = ranks.get(0).get();
            for (Future<Result> f : ranks) {
                f.get();
            }
            return rank0;
        } catch (Exception e) {
            exchange.abort(e);
            throw new IllegalStateException("replica failed", e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Gpt model(ModelConfig config, Objective objective) {
        return new Gpt(config, objective, DataType.FLOAT);
    }

    private static OptimizerConfig options() {
        return OptimizerConfig.defaults().withGradClipNorm(0);
    }

    /** Steps {@code trainer} through {@code batches}; tokens/s counts {@code tokensPerStep} (the global batch). */
    private static Result time(Trainer trainer, List<TokenBatch> batches, Objective objective, int warmup, int tokensPerStep) {
        int steps = batches.size();
        double[] times = new double[steps - warmup];
        double[] cpu = new double[steps - warmup];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double loss = Double.NaN;
        for (int step = 0; step < steps; step++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            loss = trainer.step(batches.get(step)).losses().total();
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            if (step >= warmup) {
                times[step - warmup] = (t1 - t0) / 1e6;
                cpu[step - warmup] = (c1 - c0) / 1e6;
            }
        }
        double median = median(times);
        return new Result(objective.toString(), median, tokensPerStep / (median / 1e3), loss, median(cpu));
    }

    /** Median of {@code xs} (the mean of the middle two when even); {@code xs} is left as it was. */
    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
