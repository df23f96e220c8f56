package io.ordo.model.layer;

import io.ordo.model.kernel.Kernels;
import io.ordo.model.param.Init;
import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;

/** x[b*T + t] = tokenTable[id[b, t]] + positionTable[t]. */
public final class Embedding {
    private final Kernels kernels;
    private final Param tokens;
    private final Param positions;
    private int[] ids;
    private int seqLen;

    public Embedding(ParameterStore store, int vocabSize, int maxSeqLen, int dim) {
        this.kernels = store.kernels();
        this.tokens = store.add("embed.tokens", vocabSize, dim, Init.NORMAL);
        this.positions = store.add("embed.positions", maxSeqLen, dim, Init.NORMAL);
    }

    /** ids (N = B*T, row-major by sequence) -> x (N, D). The ids array is kept for backward. */
    public void forward(int[] ids, int seqLen, Mat x) {
        if (seqLen > positions.rows()) {
            throw new IllegalArgumentException("sequence of " + seqLen + " positions exceeds seqLen " + positions.rows());
        }
        checkIds(ids, x.rows());
        this.ids = ids;
        this.seqLen = seqLen;
        kernels.embedding().embed(ids, tokens.value(), positions.value(), seqLen, x);
    }

    /**
     * One position for B sequences: ids (B) at position {@code position} -> x (B, D). Inference
     * only (nothing is kept for backward).
     */
    public void forwardAt(int[] ids, int position, Mat x) {
        if (position < 0 || position >= positions.rows()) {
            throw new IllegalArgumentException("position " + position + " outside [0, seqLen " + positions.rows() + ")");
        }
        checkIds(ids, x.rows());
        // every row takes the one position row: a lookup with a 1-row position table
        kernels.embedding().embed(ids, tokens.value(), positions.value().rows(position, 1), 1, x);
    }

    private void checkIds(int[] ids, int rows) {
        for (int r = 0; r < rows; r++) {
            if (ids[r] < 0 || ids[r] >= tokens.rows()) {
                throw new IllegalArgumentException("token id " + ids[r] + " outside vocabulary [0, " + tokens.rows() + ")");
            }
        }
    }

    /** Scatters dx (N, D) into the token and position gradients. */
    public void backward(Mat dx) {
        int d = dx.cols();
        // Positions: sum over the batch, as column sums of dx seen as (B, T*D).
        kernels.elementwise().accumulateColumnSums(dx.reshape(dx.rows() / seqLen, seqLen * d),
                positions.grad().rows(0, seqLen).reshape(1, seqLen * d));
        kernels.embedding().scatterAddRows(dx, ids, tokens.grad());
    }

    /** The (V, D) token table, shared with a tied unembedding. */
    public Param tokenTable() {
        return tokens;
    }
}
