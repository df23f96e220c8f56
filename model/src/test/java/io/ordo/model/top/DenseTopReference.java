package io.ordo.model.top;

import io.ordo.core.top.TopWindow;
import java.util.Arrays;

/**
 * Test-only dense TOP reference, Algorithm 1 of Zuhri et al. (2025) read literally: a backward
 * scan keeps, per vocabulary token, its next occurrence, and fills a dense (T, V) score table
 * y[t][v] = W - d (or -inf). The ListNet loss and its gradient are then taken densely.
 * Deliberately shares no code with the sparse path.
 */
final class DenseTopReference {

    private DenseTopReference() {
    }

    /** (T, V) scores W - d for 1 <= d <= maxDistance, -inf elsewhere; x[t] counts if it recurs. */
    static double[][] scores(int[] seq, int vocab, int window, TopWindow convention) {
        int n = seq.length;
        int maxD = convention == TopWindow.INCLUSIVE ? window : window - 1;
        double[][] y = new double[n][vocab];
        int[] next = new int[vocab];
        Arrays.fill(next, -1); // no later occurrence yet
        for (int t = n - 1; t >= 0; t--) {
            Arrays.fill(y[t], Double.NEGATIVE_INFINITY);
            for (int v = 0; v < vocab; v++) {
                int d = next[v] - t;
                if (next[v] >= 0 && d <= maxD) {
                    y[t][v] = window - d;
                }
            }
            next[seq[t]] = t; // after row t, so x[t] itself only counts through a later occurrence
        }
        return y;
    }

    /** softmax over a row with -inf entries; null when every entry is -inf (empty row). */
    static double[] softmax(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : row) {
            max = Math.max(max, x);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return null;
        }
        double[] p = new double[row.length];
        double sum = 0.0;
        for (int i = 0; i < row.length; i++) {
            p[i] = row[i] == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(row[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < row.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * Dense ListNet: returns scale * sum_t -softmax(y_t) . log_softmax(z_t) over active, non-empty
     * rows and writes grad[t] = scale * (softmax(z_t) - softmax(y_t)) (zero elsewhere).
     *
     * @param z    (T, V) logits
     * @param y    (T, V) scores
     * @param mask (T) or null for all rows
     * @param grad (T, V) output
     */
    static double lossAndGrad(double[][] z, double[][] y, boolean[] mask, double scale, double[][] grad) {
        double total = 0.0;
        for (int t = 0; t < z.length; t++) {
            Arrays.fill(grad[t], 0.0);
            double[] p = softmax(y[t]);
            if (p == null || (mask != null && !mask[t])) {
                continue;
            }
            double lse = logSumExp(z[t]);
            for (int v = 0; v < z[t].length; v++) {
                double logQ = z[t][v] - lse; // log_softmax(z_t)[v]
                if (p[v] > 0.0) {
                    total -= p[v] * logQ;
                }
                grad[t][v] = scale * (Math.exp(logQ) - p[v]);
            }
        }
        return scale * total;
    }

    private static double logSumExp(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : row) {
            max = Math.max(max, x);
        }
        double sum = 0.0;
        for (double x : row) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }
}
