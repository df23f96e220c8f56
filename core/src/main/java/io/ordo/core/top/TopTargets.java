package io.ordo.core.top;

import java.util.Arrays;
import java.util.Objects;

/**
 * Sparse TOP targets: for each of {@code rows} rows at most {@code k} (token, weight) pairs, the
 * nearest distinct upcoming tokens with their ListNet target probabilities softmax(W - d).
 *
 * <p>Flat storage, reused across batches: {@code tokens} and {@code weights} are (rows, k) row-major,
 * {@code counts} is (rows). Entry j of a row is valid for j &lt; count(row); the weights of a non-empty
 * row sum to 1. Weights are doubles: float weights would put the loss off by up to ~6e-8 * |z| per
 * row, too close to the 1e-6 agreement with the dense reference.
 */
public final class TopTargets {
    private final int rows;
    private final int k;
    private final int[] tokens;     // (rows, k)
    private final double[] weights; // (rows, k)
    private final int[] counts;     // (rows)

    /** Empty targets with room for {@code rows} rows of at most {@code k} entries. */
    public TopTargets(int rows, int k) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if ((long) rows * k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows * k too large: " + rows + " * " + k);
        }
        this.rows = rows;
        this.k = k;
        this.tokens = new int[rows * k];
        this.weights = new double[rows * k];
        this.counts = new int[rows];
    }

    public int rows() {
        return rows;
    }

    /** Capacity per row. */
    public int k() {
        return k;
    }

    /** Bytes of the three arrays' payloads: rows * (12 k + 4), independent of the vocabulary size. */
    public long payloadBytes() {
        return 4L * tokens.length + 8L * weights.length + 4L * counts.length;
    }

    /** Number of valid entries in {@code row}, 0 for an empty row. */
    public int count(int row) {
        return counts[row];
    }

    /** Token id of entry {@code j} of {@code row}, j &lt; count(row); entries run nearest first. */
    public int token(int row, int j) {
        return tokens[row * k + Objects.checkIndex(j, counts[row])];
    }

    /** Target probability of entry {@code j} of {@code row}, j &lt; count(row). */
    public double weight(int row, int j) {
        return weights[row * k + Objects.checkIndex(j, counts[row])];
    }

    /** A copy of rows [from, from + count), for splitting a batch across data-parallel replicas. */
    public TopTargets copyRows(int from, int count) {
        Objects.checkFromIndexSize(from, count, rows);
        TopTargets copy = new TopTargets(count, k);
        System.arraycopy(tokens, from * k, copy.tokens, 0, count * k);
        System.arraycopy(weights, from * k, copy.weights, 0, count * k);
        System.arraycopy(counts, from, copy.counts, 0, count);
        return copy;
    }

    /** Empties every row (entries are not zeroed; counts are). */
    public void clear() {
        Arrays.fill(counts, 0);
    }

    /** Sets row {@code row} to tokens[0, n) with weights[0, n) * factor; for the builder. */
    void setRow(int row, int[] tokens, double[] weights, int n, double factor) {
        int base = row * k;
        System.arraycopy(tokens, 0, this.tokens, base, n);
        for (int j = 0; j < n; j++) {
            this.weights[base + j] = weights[j] * factor;
        }
        counts[row] = n;
    }

    @Override
    public String toString() {
        return "TopTargets(" + rows + " rows, k=" + k + ")";
    }
}
