package io.ordo.model.layer;

import io.ordo.model.param.Init;
import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.FloatKernels;
import io.ordo.model.tensor.Kernels;
import io.ordo.model.tensor.Mat;

/** x[b*T + t] = tokenTable[id[b, t]] + positionTable[t]. */
public final class Embedding {
    private final Param tokens;
    private final Param positions;
    private int[] ids;
    private int seqLen;

    public Embedding(ParameterStore store, int vocabSize, int maxSeqLen, int dim) {
        this.tokens = store.add("embed.tokens", vocabSize, dim, Init.NORMAL);
        this.positions = store.add("embed.positions", maxSeqLen, dim, Init.NORMAL);
    }

    /** ids (N = B*T, row-major by sequence) -> x (N, D). The ids array is kept for backward. */
    public void forward(int[] ids, int seqLen, Mat x) {
        if (seqLen > positions.rows()) {
            throw new IllegalArgumentException("sequence of " + seqLen + " positions exceeds seqLen " + positions.rows());
        }
        this.ids = ids;
        this.seqLen = seqLen;
        int d = x.cols();
        Mat tok = tokens.value();
        Mat pos = positions.value();
        for (int r = 0; r < x.rows(); r++) {
            if (ids[r] < 0 || ids[r] >= tokens.rows()) {
                throw new IllegalArgumentException("token id " + ids[r] + " outside vocabulary [0, " + tokens.rows() + ")");
            }
        }
        if (FloatKernels.applies(x, tok)) {
            FloatKernels.embed(ids, tok, pos, seqLen, x);
            return;
        }
        Buf xb = x.buf();
        for (int r = 0; r < x.rows(); r++) {
            int id = ids[r];
            int ti = tok.offset() + id * d;
            int pi = pos.offset() + (r % seqLen) * d;
            int xi = x.offset() + r * d;
            for (int c = 0; c < d; c++) {
                xb.set(xi + c, tok.buf().get(ti + c) + pos.buf().get(pi + c));
            }
        }
    }

    /**
     * One position for B sequences: ids (B) at position {@code position} -> x (B, D). Inference
     * only (nothing is kept for backward).
     */
    public void forwardAt(int[] ids, int position, Mat x) {
        if (position < 0 || position >= positions.rows()) {
            throw new IllegalArgumentException("position " + position + " outside [0, seqLen " + positions.rows() + ")");
        }
        int d = x.cols();
        Mat tok = tokens.value();
        Mat pos = positions.value();
        Buf xb = x.buf();
        int pi = pos.offset() + position * d;
        for (int r = 0; r < x.rows(); r++) {
            int id = ids[r];
            if (id < 0 || id >= tokens.rows()) {
                throw new IllegalArgumentException("token id " + id + " outside vocabulary [0, " + tokens.rows() + ")");
            }
            int ti = tok.offset() + id * d;
            int xi = x.offset() + r * d;
            for (int c = 0; c < d; c++) {
                xb.set(xi + c, tok.buf().get(ti + c) + pos.buf().get(pi + c));
            }
        }
    }

    /** Scatters dx (N, D) into the token and position gradients. */
    public void backward(Mat dx) {
        int d = dx.cols();
        // Positions: sum over the batch, as column sums of dx seen as (B, T*D).
        Kernels.accumulateColumnSums(dx.reshape(dx.rows() / seqLen, seqLen * d), positions.grad().rows(0, seqLen).reshape(1, seqLen * d));
        Mat tg = tokens.grad();
        if (FloatKernels.applies(dx, tg)) {
            FloatKernels.scatterAddRows(dx, ids, tg);
            return;
        }
        Buf tb = tg.buf();
        Buf db = dx.buf();
        for (int r = 0; r < dx.rows(); r++) {
            int ti = tg.offset() + ids[r] * d;
            int xi = dx.offset() + r * d;
            for (int c = 0; c < d; c++) {
                tb.set(ti + c, tb.get(ti + c) + db.get(xi + c));
            }
        }
    }

    /** The (V, D) token table, shared with a tied unembedding. */
    public Param tokenTable() {
        return tokens;
    }
}
