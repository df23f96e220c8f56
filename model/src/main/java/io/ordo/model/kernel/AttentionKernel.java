package io.ordo.model.kernel;

import io.ordo.model.tensor.Mat;

/**
 * The softmaxes of causal self-attention. Training works on one (T, T) block of the probabilities
 * (B*H*T, T) at a time, between the block's matmuls; decoding on one query row.
 */
public interface AttentionKernel {
    /**
     * Scores to probabilities in place on the (T, T) block at element offset {@code off} (relative
     * to m's offset): row i becomes softmax over j &lt;= i of s[i, j] (max subtracted), 0 for j &gt; i.
     */
    void causalSoftmax(Mat m, int off, int t);

    /**
     * Softmax backward in place on the (T, T) block d (the whole Mat):
     * d = P * (d - sum_j d * P) on j &lt;= i, 0 above the diagonal; P is the block of
     * {@code probs} at {@code pOff}.
     */
    void causalSoftmaxBackward(Mat probs, int pOff, Mat d, int t);

    /** Softmax in place over row[0, 0..len) (max subtracted), for a decode step's one query. */
    void softmaxPrefix(Mat row, int len);
}
