package io.ordo.model.kernel;

import io.ordo.model.tensor.Mat;

/** The softmax losses over rows of logits. Computed in double whatever the storage type. */
public interface LossKernel {
    /**
     * Softmax cross-entropy (targets validated by the caller).
     *
     * @param logits  (N, V)
     * @param targets (N) target ids
     * @param active  (N) rows that count, or null for all
     * @param scale   multiplies loss and gradient (usually 1 / active rows)
     * @param dLogits (N, V) overwritten with scale * (softmax - onehot) on active rows, 0 elsewhere;
     *                null to skip the gradient
     * @return scale * sum over active rows of -log softmax(logits)[target] (a device sync point)
     */
    double crossEntropy(Mat logits, int[] targets, boolean[] active, double scale, Mat dLogits);

    /**
     * For every row r with {@code active == null || active[r]}: lse[r] = logsumexp(logits[r, :]),
     * and, when {@code grad} is not null, grad[r, :] = scale * softmax(logits[r, :]). Inactive rows
     * get a zero gradient row and lse NaN. (The ListNet loss adds its sparse target terms on top.)
     *
     * @return lse, a per-thread array of at least N entries, valid until the next call on this thread
     */
    double[] softmaxRows(Mat logits, Mat grad, double scale, boolean[] active);
}
