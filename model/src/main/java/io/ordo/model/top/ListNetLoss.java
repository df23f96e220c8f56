package io.ordo.model.top;

import io.ordo.core.top.TopTargets;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.FloatKernels;
import io.ordo.model.tensor.LossKernels;
import io.ordo.model.tensor.Mat;

/**
 * The ListNet loss of TOP on sparse targets. For row t with logits z_t (V) and target
 * probabilities w_t (at most k entries, summing to 1):
 * <pre>
 *   L_t = -sum_v softmax(y_t)[v] * log_softmax(z_t)[v] = logsumexp(z_t) - sum_j w_tj * z_t[tok_tj]
 *   dL_t/dz_t = softmax(z_t) - scatter(w_t)
 * </pre>
 * Rows with no targets, and rows the mask turns off, add 0 to the loss and get a zero gradient.
 * Computes in double with the row max subtracted; stores in the Mat's type.
 */
public final class ListNetLoss {

    private ListNetLoss() {
    }

    /**
     * Loss and gradient.
     *
     * @param logits  (N, V) TOP head logits
     * @param targets at least N rows; rows 0..N-1 are used, token ids must be &lt; V
     * @param rowMask (N) or longer, true where the row counts; null for all rows
     * @param scale   multiplies the loss and the gradient (e.g. 1 / active rows)
     * @param dLogits (N, V), overwritten with scale * dL/dz (zero on inactive and empty rows)
     * @return scale * sum over active rows of L_t
     */
    public static double lossAndGrad(Mat logits, TopTargets targets, boolean[] rowMask, double scale, Mat dLogits) {
        if (dLogits == null) {
            throw new IllegalArgumentException("dLogits must not be null; use loss(...) for the loss alone");
        }
        if (dLogits.rows() != logits.rows() || dLogits.cols() != logits.cols()) {
            throw new IllegalArgumentException("dLogits " + dLogits.rows() + "x" + dLogits.cols()
                    + " must match logits " + logits.rows() + "x" + logits.cols());
        }
        return run(logits, targets, rowMask, scale, dLogits);
    }

    /** The loss alone: scale * sum over active rows of L_t; arguments as in lossAndGrad. */
    public static double loss(Mat logits, TopTargets targets, boolean[] rowMask, double scale) {
        return run(logits, targets, rowMask, scale, null);
    }

    private static double run(Mat logits, TopTargets targets, boolean[] rowMask, double scale, Mat dLogits) {
        int n = logits.rows();
        int v = logits.cols();
        if (targets.rows() < n) {
            throw new IllegalArgumentException("targets have " + targets.rows() + " rows, logits " + n);
        }
        if (rowMask != null && rowMask.length < n) {
            throw new IllegalArgumentException("rowMask has " + rowMask.length + " entries, logits " + n + " rows");
        }
        if (FloatKernels.applies(logits) && (dLogits == null || FloatKernels.applies(dLogits))) {
            return runFloat(logits, targets, rowMask, scale, dLogits);
        }
        double total = 0.0;
        for (int t = 0; t < n; t++) {
            int count = targets.count(t);
            if (count == 0 || (rowMask != null && !rowMask[t])) {
                if (dLogits != null) {
                    zeroRow(dLogits, t, v);
                }
                continue;
            }
            total += row(logits, t, v, targets, count, scale, dLogits);
        }
        return scale * total;
    }

    /** L_t for one active row; writes scale * (softmax - w) into dLogits[t] when it is not null. */
    private static double row(Mat logits, int t, int v, TopTargets targets, int count, double scale, Mat dLogits) {
        Buf z = logits.buf();
        int zo = logits.offset() + t * v;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            max = Math.max(max, z.get(zo + i));
        }
        double sumExp = 0.0;
        if (dLogits == null) {
            for (int i = 0; i < v; i++) {
                sumExp += Math.exp(z.get(zo + i) - max);
            }
        } else {
            Buf g = dLogits.buf();
            int go = dLogits.offset() + t * v;
            for (int i = 0; i < v; i++) {
                double e = Math.exp(z.get(zo + i) - max);
                g.set(go + i, e);
                sumExp += e;
            }
            double norm = scale / sumExp;
            for (int i = 0; i < v; i++) {
                g.set(go + i, g.get(go + i) * norm);
            }
        }
        return max + Math.log(sumExp) - targetTerm(logits, t, targets, count, scale, dLogits);
    }

    /** Float storage: the row softmax on heap tiles in double ({@link LossKernels}), then the sparse target terms. */
    private static double runFloat(Mat logits, TopTargets targets, boolean[] rowMask, double scale, Mat dLogits) {
        int n = logits.rows();
        int v = logits.cols();
        double[] lse = LossKernels.softmaxRows(logits, dLogits, scale, rowMask);
        double total = 0.0;
        for (int t = 0; t < n; t++) {
            int count = targets.count(t);
            if (rowMask != null && !rowMask[t]) {
                continue;
            }
            if (count == 0) {
                if (dLogits != null) {
                    zeroRow(dLogits, t, v);
                }
                continue;
            }
            total += lse[t] - targetTerm(logits, t, targets, count, scale, dLogits);
        }
        return scale * total;
    }

    /**
     * The sparse target part of row t, sum_j w_j z[t, tok_j]; when dLogits is not null, subtracts
     * scale * w_j from dLogits[t, tok_j] (the softmax part is already there).
     */
    private static double targetTerm(Mat logits, int t, TopTargets targets, int count, double scale, Mat dLogits) {
        int v = logits.cols();
        double target = 0.0;
        for (int j = 0; j < count; j++) {
            int tok = targets.token(t, j);
            if (tok >= v) {
                throw new IllegalArgumentException("target token " + tok + " in row " + t + " outside vocabulary of " + v);
            }
            double w = targets.weight(t, j);
            target += w * logits.get(t, tok);
            if (dLogits != null) {
                dLogits.set(t, tok, dLogits.get(t, tok) - scale * w);
            }
        }
        return target;
    }

        private static void zeroRow(Mat m, int t, int v) {
        Buf b = m.buf();
        int o = m.offset() + t * v;
        for (int i = 0; i < v; i++) {
            b.set(o + i, 0.0);
        }
    }
}
