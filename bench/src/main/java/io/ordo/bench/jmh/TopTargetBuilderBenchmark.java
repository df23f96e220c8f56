package io.ordo.bench.jmh;

import io.ordo.core.top.TopTargetBuilder;
import io.ordo.core.top.TopTargets;
import io.ordo.core.top.TopWindow;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sparse TOP target construction ({@link TopTargetBuilder}, k = 32) against a dense (T, V) float
 * reference built the way the official code and the PyTorch peer do (fill -inf, write W - d at
 * each token's first occurrence), at V = 32k. Throughput is in input tokens (target rows) per
 * second on one thread, i.e. per core.
 *
 * <pre>
 * java -jar bench/target/ordo-bench.jar top-targets          (runs this through the JMH Runner)
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TopTargetBuilderBenchmark {
    /** Sequence length T: one operation builds the targets of one sequence (T rows). */
    public static final int SEQ = 1024;
    public static final int K = 32;

    @Param({"32000"})
    public int vocab;
    @Param({"64", "1024"})
    public int window;
    /** uniform token ids, or Zipf(1.1) ids as in natural text (more repeats, longer scans). */
    @Param({"uniform", "zipf"})
    public String tokens;

    private int[] seq;
    private TopTargetBuilder builder;
    private TopTargets sparse;
    private float[] dense; // (T, V) row-major, reused

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(42);
        seq = new int[SEQ + window];
        double[] cdf = tokens.equals("zipf") ? zipfCdf(vocab, 1.1) : null;
        for (int i = 0; i < seq.length; i++) {
            seq[i] = cdf == null ? rng.nextInt(vocab) : sample(cdf, rng.nextDouble());
        }
        builder = new TopTargetBuilder(window, K, TopWindow.INCLUSIVE);
        sparse = new TopTargets(SEQ, K);
    }

    @Benchmark
    @OperationsPerInvocation(SEQ)
    public TopTargets sparse() {
        builder.build(seq, 0, seq.length, SEQ, sparse, 0);
        return sparse;
    }

    @Benchmark
    @OperationsPerInvocation(SEQ)
    public void denseReference(Blackhole bh) {
        if (dense == null) {
            dense = new float[SEQ * vocab];
        }
        Arrays.fill(dense, Float.NEGATIVE_INFINITY);
        for (int t = 0; t < SEQ; t++) {
            int row = t * vocab;
            for (int d = window; d >= 1; d--) { // nearest occurrence written last, as the peer does
                dense[row + seq[t + d]] = window - d;
            }
        }
        bh.consume(dense);
    }

    private static double[] zipfCdf(int v, double s) {
        double[] cdf = new double[v];
        double total = 0;
        for (int i = 0; i < v; i++) {
            total += 1.0 / Math.pow(i + 1, s);
            cdf[i] = total;
        }
        for (int i = 0; i < v; i++) {
            cdf[i] /= total;
        }
        return cdf;
    }

    private static int sample(double[] cdf, double u) {
        int i = Arrays.binarySearch(cdf, u);
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }
}
