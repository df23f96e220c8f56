package io.ordo.model.layer;

import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/**
 * Inverted dropout in place: keeps each element with probability 1 - p and scales it by 1/(1-p).
 *
 * <p>The mask comes from a SplitMix64 generator whose whole state is one {@code long}
 * ({@link #rngState()}, {@link #restoreRngState(long)}), so a checkpoint can carry it and a resumed
 * run draws the same masks as an uninterrupted one. The draws equal those of
 * {@code new java.util.SplittableRandom(seed).nextDouble()}.
 */
public final class Dropout {
    /** SplitMix64's increment (SplittableRandom's GOLDEN_GAMMA). */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private final double p;
    private long state;
    private boolean[] dropped;
    private boolean active;

    public Dropout(double p, long seed) {
        this.p = p;
        this.state = seed;
    }

    /** The generator state: every mask after this depends only on it. */
    public long rngState() {
        return state;
    }

    /** Continues from a state taken with {@link #rngState()}. */
    public void restoreRngState(long s) {
        state = s;
    }

    /** Uniform in [0, 1), 53 random bits. */
    private double nextDouble() {
        long z = state += GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    /** Whether the last {@link #forward} applied a mask (training with p > 0), so backward is not the identity. */
    public boolean masked() {
        return active;
    }

    /** Applies a fresh mask when training with p > 0; otherwise leaves x unchanged. */
    public void forward(Mat x, boolean training) {
        active = training && p > 0;
        if (!active) {
            return;
        }
        int n = x.size();
        if (dropped == null || dropped.length != n) {
            dropped = new boolean[n];
        }
        double keepScale = 1.0 / (1.0 - p);
        Buf b = x.buf();
        for (int i = 0; i < n; i++) {
            dropped[i] = nextDouble() < p;
            int at = x.offset() + i;
            b.set(at, dropped[i] ? 0.0 : b.get(at) * keepScale);
        }
    }

    /** Applies the last forward's mask to the gradient in place. */
    public void backward(Mat dy) {
        if (!active) {
            return;
        }
        double keepScale = 1.0 / (1.0 - p);
        Buf b = dy.buf();
        for (int i = 0; i < dy.size(); i++) {
            int at = dy.offset() + i;
            b.set(at, dropped[i] ? 0.0 : b.get(at) * keepScale);
        }
    }
}
