package io.ordo.model.top;

import io.ordo.core.top.TopTargets;
import io.ordo.model.kernel.LossKernel;
import io.ordo.model.tensor.Mat;

/**
 * The ListNet loss of TOP on sparse targets. For row t with logits z_t (V) and target
 * probabilities w_t (at most k entries, summing to 1):
 * <pre>
 *   L_t = -sum_v softmax(y_t)[v] * log_softmax(z_t)[v] = logsumexp(z_t) - sum_j w_tj * z_t[tok_tj]
 *   dL_t/dz_t = softmax(z_t) - scatter(w_t)
 * </pre>
 * Rows with no targets, and rows the mask turns off, add 0 to the loss and get a zero gradient.
 * Computes in double with the row max subtracted (the softmax in the model's {@link LossKernel},
 * the sparse target terms here); stores in the Mat's type.
 */
public final class ListNetLoss {

    private ListNetLoss() {
    }

    /**
     * Loss and gradient.
     *
     * @param kernel  the model's loss kernel
     * @param logits  (N, V) TOP head logits
     * @param targets at least N rows; rows 0..N-1 are used, token ids must be &lt; V
     * @param rowMask (N) or longer, true where the row counts; null for all rows
     * @param scale   multiplies the loss and the gradient (e.g. 1 / active rows)
     * @param dLogits (N, V), overwritten with scale * dL/dz (zero on inactive and empty rows)
     * @return scale * sum over active rows of L_t
     */
    public static double lossAndGrad(LossKernel kernel, Mat logits, TopTargets targets, boolean[] rowMask, double scale, Mat dLogits) {
        if (dLogits == null) {
            throw new IllegalArgumentException("dLogits must not be null; use loss(...) for the loss alone");
        }
        if (dLogits.rows() != logits.rows() || dLogits.cols() != logits.cols()) {
            throw new IllegalArgumentException("dLogits " + dLogits.rows() + "x" + dLogits.cols()
                    + " must match logits " + logits.rows() + "x" + logits.cols());
        }
        return run(kernel, logits, targets, rowMask, scale, dLogits);
    }

    /** The loss alone: scale * sum over active rows of L_t; arguments as in lossAndGrad. */
    public static double loss(LossKernel kernel, Mat logits, TopTargets targets, boolean[] rowMask, double scale) {
        return run(kernel, logits, targets, rowMask, scale, null);
    }

    private static double run(LossKernel kernel, Mat logits, TopTargets targets, boolean[] rowMask, double scale, Mat dLogits) {
        int n = logits.rows();
        int v = logits.cols();
        if (targets.rows() < n) {
            throw new IllegalArgumentException("targets have " + targets.rows() + " rows, logits " + n);
        }
        if (rowMask != null && rowMask.length < n) {
            throw new IllegalArgumentException("rowMask has " + rowMask.length + " entries, logits " + n + " rows");
        }
        double[] lse = kernel.softmaxRows(logits, dLogits, scale, rowMask);
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
        m.rows(t, 1).fill(0.0);
    }
}
