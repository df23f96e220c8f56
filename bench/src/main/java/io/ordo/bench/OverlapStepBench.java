package io.ordo.bench;

import io.aeron.Aeron;
import io.ordo.actors.distributed.AeronGradientExchange;
import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.Losses;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.task.CopyTask;
import io.ordo.model.train.ForwardingGradientExchange;
import io.ordo.model.train.GradientExchange;
import io.ordo.model.train.Trainer;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.transport.allreduce.BucketPlan;
import io.ordo.transport.allreduce.EmbeddedMediaDriver;
import io.ordo.transport.allreduce.RingChannels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Data-parallel step time over the Aeron ring with the gradient sum overlapped with backward
 * ({@code ordo.aeron.overlap}) and without: R ranks as threads, each with its own Aeron client on one
 * embedded driver (IPC) and its own {@link Trainer} on B/R rows of every batch, the same bucket plan
 * both ways. Each round runs every setting once on a fresh ring (interleaved, so both see the same
 * load on average); the table has the medians over rounds of rank 0's median step time, of the time
 * {@code sum} blocked the step (the exposed exchange), and, with overlap, of the buckets already
 * summed when backward ended. Give each rank a core: {@code OMP_NUM_THREADS=1} and R + R
 * communication threads on R cores or more.
 *
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * OMP_NUM_THREADS=1 java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -jar bench/target/ordo-bench.jar \
 *     dp-step --config 10m --ranks 2 --rounds 3
 * </pre>
 */
@Command(name = "dp-step", mixinStandardHelpOptions = true,
        description = "Aeron data-parallel step time with the gradient sum overlapped with backward and without.")
public final class OverlapStepBench implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "10m", description = "tiny, 10m or B,T,D,H,L,V,W[,steps,warmup]")
    String config;
    @Option(names = "--objective", defaultValue = "ntp") String objective;
    @Option(names = "--ranks", defaultValue = "2") int ranks;
    @Option(names = "--overlap", split = ",", defaultValue = "false,true", description = "settings to compare")
    boolean[] overlaps;
    @Option(names = "--bucket-kib", defaultValue = "" + (AeronConfig.BUCKET_BYTES_DEFAULT >> 10),
            description = "gradient bucket KiB (0 = one bucket) (default: ${DEFAULT-VALUE})")
    int bucketKib;
    @Option(names = "--rounds", defaultValue = "3") int rounds;
    @Option(names = "--steps", description = "steps per run, warm-up included (default: the config's)") Integer steps;
    @Option(names = "--warmup", description = "leading steps left out (default: the config's)") Integer warmup;
    @Option(names = "--term-length-mib", defaultValue = "16") int termLengthMib;

    /** One run of one setting: rank 0's medians. */
    private record Run(double stepMs, double sumWaitMs, double summedEarly, int buckets) {
    }

    @Override
    public Integer call() throws Exception {
        BenchShape shape = BenchShape.parse(config);
        Objective obj = Objective.parse(objective);
        if (obj.kind() == Objective.Kind.TOP) {
            obj = obj.withTopWindow(shape.window());
        }
        int total = steps != null ? steps : shape.steps();
        int skip = warmup != null ? warmup : shape.warmup();
        if (total <= skip || shape.batch() % ranks != 0) {
            throw new IllegalArgumentException("need steps > warmup and a batch (" + shape.batch() + ") that "
                    + ranks + " ranks divide");
        }
        CopyTask data = new CopyTask(shape.vocab(), shape.seq(), obj, false, 42);
        List<TokenBatch> batches = new ArrayList<>();
        for (int s = 0; s < total; s++) {
            batches.add(data.next(shape.batch()));
        }
        AeronConfig base = AeronConfig.defaults().withTermLength(termLengthMib << 20).withBucketBytes(bucketKib << 10);
        int params = new Gpt(shape.modelConfig(), obj, DataType.FLOAT).params().size();
        System.out.printf("%s %s, %d ranks as threads (IPC ring, one embedded driver), %d parameters in %d buckets of"
                        + " %d KiB, %d steps (%d warm-up) x %d rounds, %d cores, OMP_NUM_THREADS=%s, load %s%n%n", shape,
                obj, ranks, params, BucketPlan.fromEnd(params, base.bucketBytes()).buckets(), bucketKib, total, skip,
                rounds, Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"), load());
        List<List<Run>> runs = new ArrayList<>();
        for (boolean ignored : overlaps) {
            runs.add(new ArrayList<>());
        }
        int stream = 6000;
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(base, ranks + 1)) {
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < overlaps.length; k++) {
                    AeronConfig c = driver.config().withOverlap(overlaps[k]);
                    Run run = run(c, RingChannels.ipc(ranks, stream), shape, obj, batches, skip);
                    stream += ranks + 1;
                    runs.get(k).add(run);
                    System.out.printf("round %d overlap %-5s: %.1f ms/step, sum waited %.1f ms, %.1f of %d buckets"
                            + " summed before sum%n", round + 1, overlaps[k], run.stepMs(), run.sumWaitMs(),
                            run.summedEarly(), run.buckets());
                }
            }
        }
        System.out.println();
        System.out.println("| overlap | ms/step | tokens/s | sum waited (ms) | buckets summed before sum | vs first row |");
        System.out.println("|---|---|---|---|---|---|");
        double first = Double.NaN;
        for (int k = 0; k < overlaps.length; k++) {
            double ms = median(runs.get(k).stream().mapToDouble(Run::stepMs).toArray());
            double wait = median(runs.get(k).stream().mapToDouble(Run::sumWaitMs).toArray());
            double early = median(runs.get(k).stream().mapToDouble(Run::summedEarly).toArray());
            first = k == 0 ? ms : first;
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f | %.1f | %s | %.3fx |%n", overlaps[k], ms,
                    shape.tokensPerStep() / (ms / 1e3), wait,
                    overlaps[k] ? String.format(Locale.ROOT, "%.1f / %d", early, runs.get(k).get(0).buckets()) : "-",
                    first / ms);
        }
        return 0;
    }

    private static Run run(AeronConfig config, RingChannels channels, BenchShape shape, Objective obj,
                           List<TokenBatch> batches, int skip) throws Exception {
        int n = channels.worldSize();
        int rows = shape.batch() / n;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (int rank = 0; rank < n; rank++) {
                int r = rank;
                futures.add(pool.submit(() -> {
                    try (Aeron aeron = EmbeddedMediaDriver.connect(config);
                         AeronGradientExchange ring = AeronGradientExchange.join(aeron, r, channels, config)) {
                        TimedExchange exchange = new TimedExchange(ring);
                        Gpt model = new Gpt(shape.modelConfig(), obj, DataType.FLOAT);
                        Trainer trainer = new Trainer(model, OptimizerConfig.defaults().withGradClipNorm(0), exchange);
                        exchange.broadcastFromRankZero(model.params().values());
                        int timed = batches.size() - skip;
                        double[] ms = new double[timed];
                        double[] wait = new double[timed];
                        double[] early = new double[timed];
                        for (int s = 0; s < batches.size(); s++) {
                            long t0 = System.nanoTime();
                            trainer.step(batches.get(s).rows(r * rows, rows));
                            long t1 = System.nanoTime();
                            if (s >= skip) {
                                ms[s - skip] = (t1 - t0) / 1e6;
                                wait[s - skip] = exchange.lastSumNanos / 1e6;
                                AeronGradientExchange.OverlapStats stats = ring.lastOverlap();
                                early[s - skip] = config.overlap() && stats != null ? stats.summedEarly() : 0;
                            }
                        }
                        int buckets = BucketPlan.fromEnd(model.params().size(), config.bucketBytes()).buckets();
                        return new Run(median(ms), median(wait), median(early), buckets);
                    }
                }));
            }
            Run rank0 = futures.get(0).get(30, TimeUnit.MINUTES);
            for (Future<Run> f : futures) {
                f.get(30, TimeUnit.MINUTES);
            }
            return rank0;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Times {@code sum}: what the step waited for the exchange after backward. */
    private static final class TimedExchange extends ForwardingGradientExchange {
        long lastSumNanos;

        TimedExchange(GradientExchange inner) {
            super(inner);
        }

        @Override
        public Losses sum(long step, ParameterStore store, Losses partial) {
            long t0 = System.nanoTime();
            Losses out = super.sum(step, store, partial);
            lastSumNanos = System.nanoTime() - t0;
            return out;
        }
    }

    private static String load() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "%.2f", l);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
