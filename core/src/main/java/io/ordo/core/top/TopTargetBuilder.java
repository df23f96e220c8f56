package io.ordo.core.top;

import java.util.Arrays;

/**
 * Builds sparse {@link TopTargets} from token sequences: for input position t the nearest
 * {@code k} distinct tokens among x[t+1 .. t+W] (fewer near the sequence end), with weights
 * softmax(W - d) = exp(-d) / sum exp(-d'), renormalised over the kept entries.
 *
 * <p>Dropping tokens beyond the k nearest is exact to float precision: weights fall by e per step,
 * so k = 32 changes the loss by ~1e-14. Cost is O(rows * k), independent of the window (see
 * {@link #build}); building allocates nothing once the dedupe table has grown to the largest
 * token id. Not thread-safe: one builder per thread.
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
    private int[] seen = new int[256]; // token id -> generation stamp of the call that lists it
    private int generation;
    private final int[] listTokens;    // (k + 1) distinct upcoming tokens of the current row, nearest first
    private final int[] listPositions; // their positions in seq
    private final double[] weights;    // (k) scratch for one row's weights

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
        this.listTokens = new int[k + 1];
        this.listPositions = new int[k + 1];
        this.weights = new double[k];
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
     * <p>Rows are built last to first, sliding: the first k + 1 distinct tokens of row t's window
     * are x[t+1] followed by those of row t + 1 without x[t+1] (cut to the window and to k + 1), so
     * a row costs O(k) for its output plus O(1) amortised bookkeeping, whatever the window, instead
     * of a scan of up to W positions.
     *
     * @throws IllegalArgumentException on bad ranges, {@code out.k() < k} or a negative token id
     */
    public void build(int[] seq, int seqOffset, int seqLength, int rows, TopTargets out, int rowOffset) {
        build(seq, null, seqOffset, seqLength, rows, out, rowOffset);
    }

    /**
     * As {@link #build(int[], int, int, int, TopTargets, int)}, ranking only the upcoming tokens
     * marked in {@code ranked} (indexed like {@code seq}; null ranks every token). Unranked
     * positions still count towards distances, but their tokens are never targets: this is how
     * the official code treats labels of -1 (a task's prompt and padding), so a star-graph path
     * row ranks path nodes only, never the padding after the path.
     *
     * @throws IllegalArgumentException also when {@code ranked} is shorter than {@code seq}
     */
    public void build(int[] seq, boolean[] ranked, int seqOffset, int seqLength, int rows, TopTargets out,
                      int rowOffset) {
        checkArgs(seq, seqOffset, seqLength, rows, out, rowOffset);
        if (ranked != null && ranked.length < seq.length) {
            throw new IllegalArgumentException("ranked mask has " + ranked.length + " entries, sequence array "
                    + seq.length);
        }
        growSeen(seq, seqOffset, seqLength);
        if (rows == 0) {
            return;
        }
        int gen = nextGeneration();
        int[] mark = seen; // mark[tok] == gen: tok is in the list
        int[] toks = listTokens;
        int[] pos = listPositions;
        int cap = k + 1;
        int end = seqOffset + seqLength - 1; // last position that exists
        int t = rows - 1;
        int n = 0;
        for (int p = seqOffset + t + 1, last = Math.min(end, seqOffset + t + maxDistance); p <= last && n < cap; p++) {
            int tok = seq[p];
            if ((ranked == null || ranked[p]) && mark[tok] != gen) {
                mark[tok] = gen;
                toks[n] = tok;
                pos[n] = p;
                n++;
            }
        }
        emit(out, rowOffset + t, n);
        for (t = rows - 2; t >= 0; t--) {
            int first = seqOffset + t + 1;
            int last = Math.min(end, seqOffset + t + maxDistance);
            while (n > 0 && pos[n - 1] > last) { // the window's far end moved in by one
                mark[toks[--n]] = 0;
            }
            if (first <= last && (ranked == null || ranked[first])) { // else nothing enters the window
                int tok = seq[first];
                int i;
                if (mark[tok] == gen) { // already listed further out: move it to the front
                    i = 0;
                    while (toks[i] != tok) {
                        i++;
                    }
                } else {
                    if (n == cap) {
                        mark[toks[--n]] = 0;
                    }
                    mark[tok] = gen;
                    i = n++;
                }
                System.arraycopy(toks, 0, toks, 1, i);
                System.arraycopy(pos, 0, pos, 1, i);
                toks[0] = tok;
                pos[0] = first;
            }
            emit(out, rowOffset + t, n);
        }
    }

    /**
     * Writes the first min(n, k) listed tokens as row {@code row}, weights exp(-(d - d0))
     * renormalised, where d0 is the nearest listed distance (1 unless the nearest positions are
     * unranked): the same softmax as exp(-d), without underflow.
     */
    private void emit(TopTargets out, int row, int n) {
        int count = Math.min(n, k);
        double[] w = weights;
        double sum = 0.0;
        for (int j = 0; j < count; j++) {
            int rel = listPositions[j] - listPositions[0];
            double wj = rel < EXP_NEG.length ? EXP_NEG[rel] : 0.0;
            w[j] = wj;
            sum += wj;
        }
        out.setRow(row, listTokens, w, count, count == 0 ? 0.0 : 1.0 / sum);
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
