package io.ordo.model.kernel;

import io.ordo.model.tensor.Mat;

/** Token + position embedding lookup and its gradient scatter. Ids are validated by the caller. */
public interface EmbeddingKernel {
    /** x[r, :] = tokens[ids[r], :] + positions[r % seqLen, :] for every row r of x. */
    void embed(int[] ids, Mat tokens, Mat positions, int seqLen, Mat x);

    /** table[ids[r], :] += rows[r, :] for every row r (the token table's gradient). */
    void scatterAddRows(Mat rows, int[] ids, Mat table);
}
