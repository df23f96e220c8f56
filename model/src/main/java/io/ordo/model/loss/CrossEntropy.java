package io.ordo.model.loss;

import io.ordo.model.kernel.LossKernel;
import io.ordo.model.tensor.Mat;

/** Softmax cross-entropy over rows of logits, with a per-row mask (loss only where it is set). */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /**
     * @param kernel  the model's loss kernel
     * @param logits  (N, V)
     * @param targets (N) target ids
     * @param active  (N) rows that count, or null for all
     * @param scale   multiplies loss and gradient (usually 1 / active rows)
     * @param dLogits (N, V) overwritten with scale * (softmax - onehot) on active rows, 0 elsewhere;
     *                null to skip the gradient
     * @return scale * sum over active rows of -log softmax(logits)[target]
     */
    public static double lossAndGrad(LossKernel kernel, Mat logits, int[] targets, boolean[] active, double scale, Mat dLogits) {
        int v = logits.cols();
        for (int r = 0; r < logits.rows(); r++) {
            if ((active == null || active[r]) && (targets[r] < 0 || targets[r] >= v)) {
                throw new IllegalArgumentException("target id " + targets[r] + " outside vocabulary [0, " + v + ")");
            }
        }
        return kernel.crossEntropy(logits, targets, active, scale, dLogits);
    }
}
