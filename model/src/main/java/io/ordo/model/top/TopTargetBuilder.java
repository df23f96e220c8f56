package io.ordo.model.top;

import java.util.Arrays;

/**
 * Builds sparse {@link TopTargets} from token sequences: for input position t the nearest
 * {@code k} distinct tokens among x[t+1 .. t+W] (fewer near the sequence end), with weights
 * softmax(W - d) = exp(-d) / sum exp(-d'), renormalised over the kept entries.
 *
 * <p>Dropping tokens beyond the k nearest is exact to float precision: weights fall by e per step,
 * so k = 32 changes the loss by ~1e-14. Cost is O(rows * window) with early exit at k distinct
 * tokens; building allocates nothing once the dedupe table has grown to the largest token id.
 * Not thread-safe: one builder per thread.
 */
public final class TopTargetBuilder {
    /** exp(-i) for i = 0..745; exp(-746) underflows to 0 in double. */
    private static final double[] EXP_NEG = new double[746];

    static {
        for (int i = 0; i < EXP_NEG.length; i++) {
            EXP_NEG[i] = Math.exp(-i);
        }
    }

    private final int window;
    private final int k;
    private final TopWindow convention;
    private final int maxDistance;
    private int[] seen = new int[256]; // token id -> generation stamp of the last row that took it
    private int generation;

    /**
     * @param window     W, the number of upcoming tokens ranked (>= 1)
     * @param k          the most distinct tokens kept per row (>= 1; 32 is exact to float precision)
     * @param convention whether distance W itself is admitted
     */
    public TopTargetBuilder(int window, int k, TopWindow convention) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (convention == null) {
            throw new IllegalArgumentException("convention must not be null; allowed: " + Arrays.toString(TopWindow.values()));
        }
        this.window = window;
        this.k = k;
        this.convention = convention;
        this.maxDistance = convention.maxDistance(window);
    }

    public int window() {
        return window;
    }

    public int k() {
        return k;
    }

    public TopWindow convention() {
        return convention;
    }

    /**
     * Fills rows rowOffset .. rowOffset + rows - 1 of {@code out} with the targets of input
     * positions t = 0 .. rows - 1 of the sequence seq[seqOffset .. seqOffset + seqLength - 1].
     * Upcoming positions past the sequence end are absent (the window is truncated), so the last
     * position of a sequence gets an empty row.
     *
     * @throws IllegalArgumentException on bad ranges, {@code out.k() < k} or a negative token id
     */
    public void build(int[] seq, int seqOffset, int seqLength, int rows, TopTargets out, int rowOffset) {
        checkArgs(seq, seqOffset, seqLength, rows, out, rowOffset);
        growSeen(seq, seqOffset, seqLength);
        int[] stamp = seen;
        for (int t = 0; t < rows; t++) {
            int gen = nextGeneration();
            int row = rowOffset + t;
            int last = seqOffset + Math.min(seqLength - 1, t + maxDistance);
            int first = seqOffset + t + 1; // d = 1
            int n = 0;
            double sum = 0.0;
            for (int p = first; p <= last && n < k; p++) {
                int tok = seq[p];
                if (stamp[tok] != gen) {
                    stamp[tok] = gen;
                    int rel = p - first; // d - d_min: the first kept entry is always at d = 1
                    double w = rel < EXP_NEG.length ? EXP_NEG[rel] : 0.0;
                    out.put(row, n++, tok, w);
                    sum += w;
                }
            }
            out.finishRow(row, n, n == 0 ? 0.0 : 1.0 / sum);
        }
    }

    private int nextGeneration() {
        if (++generation == 0) { // wrapped after 2^32 rows: forget every stamp
            Arrays.fill(seen, 0);
            generation = 1;
        }
        return generation;
    }

    /** Validates token ids (>= 0) and grows the dedupe table to the largest one; cold after warm-up. */
    private void growSeen(int[] seq, int seqOffset, int seqLength) {
        int max = -1;
        for (int p = seqOffset, end = seqOffset + seqLength; p < end; p++) {
            int tok = seq[p];
            if (tok < 0) {
                throw new IllegalArgumentException("token id must be >= 0, got " + tok + " at index " + p);
            }
            max = Math.max(max, tok);
        }
        if (max >= seen.length) {
            seen = Arrays.copyOf(seen, Math.max(max + 1, 2 * seen.length)); // new slots hold 0, never a live generation
        }
    }

    private void checkArgs(int[] seq, int seqOffset, int seqLength, int rows, TopTargets out, int rowOffset) {
        if (seqOffset < 0 || seqLength < 0 || (long) seqOffset + seqLength > seq.length) {
            throw new IllegalArgumentException("sequence range [" + seqOffset + ", " + seqOffset + "+" + seqLength
                    + ") outside array of length " + seq.length);
        }
        if (rows < 0 || rows > seqLength) {
            throw new IllegalArgumentException("rows must be in [0, seqLength=" + seqLength + "], got " + rows);
        }
        if (rowOffset < 0 || (long) rowOffset + rows > out.rows()) {
            throw new IllegalArgumentException("target rows [" + rowOffset + ", " + rowOffset + "+" + rows
                    + ") outside targets of " + out.rows() + " rows");
        }
        if (out.k() < k) {
            throw new IllegalArgumentException("targets hold k=" + out.k() + " entries per row, builder needs k=" + k);
        }
    }
}
