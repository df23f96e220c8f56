package io.ordo.model.layer;

import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;
import java.util.SplittableRandom;

/** Inverted dropout in place: keeps each element with probability 1 - p and scales it by 1/(1-p). */
public final class Dropout {
    private final double p;
    private final SplittableRandom rng;
    private boolean[] dropped;
    private boolean active;

    public Dropout(double p, long seed) {
        this.p = p;
        this.rng = new SplittableRandom(seed);
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
            dropped[i] = rng.nextDouble() < p;
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
