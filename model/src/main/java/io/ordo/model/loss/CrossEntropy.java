package io.ordo.model.loss;

import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.FloatKernels;
import io.ordo.model.tensor.LossKernels;
import io.ordo.model.tensor.Mat;

/** Softmax cross-entropy over rows of logits, with a per-row mask (loss only where it is set). */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /**
     * @param logits  (N, V)
     * @param targets (N) target ids
     * @param active  (N) rows that count, or null for all
     * @param scale   multiplies loss and gradient (usually 1 / active rows)
     * @param dLogits (N, V) overwritten with scale * (softmax - onehot) on active rows, 0 elsewhere;
     *                null to skip the gradient
     * @return scale * sum over active rows of -log softmax(logits)[target]
     */
    public static double lossAndGrad(Mat logits, int[] targets, boolean[] active, double scale, Mat dLogits) {
        if (FloatKernels.applies(logits) && (dLogits == null || FloatKernels.applies(dLogits))) {
            return lossAndGradFloat(logits, targets, active, scale, dLogits);
        }
        int v = logits.cols();
        Buf lb = logits.buf();
        Buf gb = dLogits == null ? null : dLogits.buf();
        double total = 0;
        for (int r = 0; r < logits.rows(); r++) {
            int li = logits.offset() + r * v;
            int gi = dLogits == null ? 0 : dLogits.offset() + r * v;
            if (active != null && !active[r]) {
                if (gb != null) {
                    for (int c = 0; c < v; c++) {
                        gb.set(gi + c, 0.0);
                    }
                }
                continue;
            }
            int target = targets[r];
            if (target < 0 || target >= v) {
                throw new IllegalArgumentException("target id " + target + " outside vocabulary [0, " + v + ")");
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < v; c++) {
                max = Math.max(max, lb.get(li + c));
            }
            double sum = 0;
            for (int c = 0; c < v; c++) {
                sum += Math.exp(lb.get(li + c) - max);
            }
            double logZ = max + Math.log(sum);
            total += logZ - lb.get(li + target);
            if (gb != null) {
                for (int c = 0; c < v; c++) {
                    gb.set(gi + c, scale * Math.exp(lb.get(li + c) - logZ));
                }
                gb.set(gi + target, gb.get(gi + target) - scale);
            }
        }
        return scale * total;
    }

    /** Float storage: the row softmax on heap tiles in double ({@link LossKernels}), then the target terms. */
    private static double lossAndGradFloat(Mat logits, int[] targets, boolean[] active, double scale, Mat dLogits) {
        int v = logits.cols();
        for (int r = 0; r < logits.rows(); r++) {
            if ((active == null || active[r]) && (targets[r] < 0 || targets[r] >= v)) {
                throw new IllegalArgumentException("target id " + targets[r] + " outside vocabulary [0, " + v + ")");
            }
        }
        double[] lse = LossKernels.softmaxRows(logits, dLogits, scale, active);
        double total = 0;
        for (int r = 0; r < logits.rows(); r++) {
            if (active != null && !active[r]) {
                continue;
            }
            total += lse[r] - logits.get(r, targets[r]);
            if (dLogits != null) {
                dLogits.set(r, targets[r], dLogits.get(r, targets[r]) - scale);
            }
        }
        return scale * total;
    }
}
