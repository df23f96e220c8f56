package io.ordo.model.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws a token id from one row of logits (V) under a {@link Sampling}: argmax when greedy, else
 * softmax(logits / temperature) restricted to the top k. Scratch is allocated once per vocabulary
 * size; not thread-safe.
 */
public final class Sampler {
    private final double[] sorted;  // (V) scratch to find the k-th largest logit
    private final boolean[] kept;   // (V) inside the top k

    public Sampler(int vocabSize) {
        if (vocabSize <= 0) {
            throw new IllegalArgumentException("vocabSize must be > 0, got " + vocabSize);
        }
        this.sorted = new double[vocabSize];
        this.kept = new boolean[vocabSize];
    }

    /** A token id in [0, V); draws from {@code rng} only when the sampling is not greedy. */
    public int sample(double[] logits, Sampling sampling, SplittableRandom rng) {
        int v = kept.length;
        if (logits.length != v) {
            throw new IllegalArgumentException("expected " + v + " logits, got " + logits.length);
        }
        int best = argmax(logits);
        if (sampling.isGreedy()) {
            return best;
        }
        int k = sampling.topK() == 0 ? v : Math.min(sampling.topK(), v);
        markTopK(logits, k);
        double max = logits[best];
        double invT = 1.0 / sampling.temperature();
        double sum = 0;
        for (int i = 0; i < v; i++) {
            if (kept[i]) {
                sum += Math.exp((logits[i] - max) * invT);
            }
        }
        double u = rng.nextDouble() * sum;
        double acc = 0;
        int last = best;
        for (int i = 0; i < v; i++) {
            if (kept[i]) {
                acc += Math.exp((logits[i] - max) * invT);
                last = i;
                if (acc > u) {
                    return i;
                }
            }
        }
        return last; // u within rounding of sum
    }

    /** Index of the largest logit, the lowest index among ties; fails on NaN or +inf. */
    public static int argmax(double[] logits) {
        int best = 0;
        for (int i = 0; i < logits.length; i++) {
            double l = logits[i];
            if (Double.isNaN(l) || l == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("logit " + i + " is " + l);
            }
            if (l > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** kept[i] for exactly k ids: every logit above the k-th largest, then ties in id order. */
    private void markTopK(double[] logits, int k) {
        int v = logits.length;
        if (k == v) {
            Arrays.fill(kept, true);
            return;
        }
        System.arraycopy(logits, 0, sorted, 0, v);
        Arrays.sort(sorted);
        double threshold = sorted[v - k];
        int ties = k;
        for (int i = 0; i < v; i++) {
            if (logits[i] > threshold) {
                ties--;
            }
        }
        for (int i = 0; i < v; i++) {
            boolean tie = logits[i] == threshold && ties > 0;
            kept[i] = logits[i] > threshold || tie;
            if (tie) {
                ties--;
            }
        }
    }
}
