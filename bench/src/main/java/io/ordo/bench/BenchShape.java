package io.ordo.bench;

import io.ordo.model.ModelConfig;
import java.util.Locale;

/**
 * One model size the step benchmark runs, with the batch and step counts that keep a
 * measurement in the tens of seconds on one core.
 *
 * @param name   label in the table
 * @param batch  B
 * @param seq    T
 * @param dim    D
 * @param heads  H
 * @param layers L
 * @param vocab  V
 * @param window TOP window W
 * @param steps  timed steps per measurement, warm-up included
 * @param warmup leading steps left out of the median
 */
public record BenchShape(String name, int batch, int seq, int dim, int heads, int layers, int vocab, int window,
                         int steps, int warmup) {

    /** The PyTorch peer's defaults: B32 T64 D128 H4 L2 V64, TOP window 16 (~0.4M parameters). */
    public static final BenchShape TINY = new BenchShape("tiny", 32, 64, 128, 4, 2, 64, 16, 60, 5);

    /** The star-graph papers' model: 6 layers, d=384, 6 heads (~10.6M parameters), B8 T128 V64. */
    public static final BenchShape TEN_M = new BenchShape("10m", 8, 128, 384, 6, 6, 64, 16, 20, 4);

    public BenchShape {
        if (steps <= warmup) {
            throw new IllegalArgumentException("steps (" + steps + ") must exceed warmup (" + warmup + ")");
        }
    }

    /**
     * {@code tiny}, {@code 10m}, or a custom {@code B,T,D,H,L,V,W[,steps,warmup]}.
     */
    public static BenchShape parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals(TINY.name)) {
            return TINY;
        }
        if (s.equals(TEN_M.name)) {
            return TEN_M;
        }
        String[] f = s.split(",");
        if (f.length != 7 && f.length != 9) {
            throw new IllegalArgumentException("config '" + spec + "': tiny, 10m or B,T,D,H,L,V,W[,steps,warmup]");
        }
        int[] v = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = Integer.parseInt(f[i].trim());
        }
        return new BenchShape("B" + v[0] + "T" + v[1] + "D" + v[2] + "H" + v[3] + "L" + v[4] + "V" + v[5],
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], f.length == 9 ? v[7] : 30, f.length == 9 ? v[8] : 5);
    }

    /** The same config at global batch {@code b} (the name is kept; the table labels the row with the batch). */
    public BenchShape withBatch(int b) {
        return b == batch ? this : new BenchShape(name, b, seq, dim, heads, layers, vocab, window, steps, warmup);
    }

    public ModelConfig modelConfig() {
        return new ModelConfig(vocab, seq, dim, heads, layers, 4, 0.0, false, 42);
    }

    /** Input tokens per step, B*T. */
    public int tokensPerStep() {
        return batch * seq;
    }

    @Override
    public String toString() {
        return name + " (B" + batch + " T" + seq + " D" + dim + " H" + heads + " L" + layers + " V" + vocab + " W" + window + ")";
    }
}
