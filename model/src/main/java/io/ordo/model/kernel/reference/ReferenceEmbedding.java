package io.ordo.model.kernel.reference;

import io.ordo.model.kernel.EmbeddingKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** Embedding lookup and scatter in double through {@link Buf}. */
final class ReferenceEmbedding implements EmbeddingKernel {
    @Override
    public void embed(int[] ids, Mat tokens, Mat positions, int seqLen, Mat x) {
        int d = x.cols();
        Buf xb = x.buf();
        Buf tb = tokens.buf();
        Buf pb = positions.buf();
        for (int r = 0; r < x.rows(); r++) {
            int ti = tokens.offset() + ids[r] * d;
            int pi = positions.offset() + (r % seqLen) * d;
            int xi = x.offset() + r * d;
            for (int c = 0; c < d; c++) {
                xb.set(xi + c, tb.get(ti + c) + pb.get(pi + c));
            }
        }
    }

    @Override
    public void scatterAddRows(Mat rows, int[] ids, Mat table) {
        int d = rows.cols();
        Buf tb = table.buf();
        Buf rb = rows.buf();
        for (int r = 0; r < rows.rows(); r++) {
            int ti = table.offset() + ids[r] * d;
            int ri = rows.offset() + r * d;
            for (int c = 0; c < d; c++) {
                tb.set(ti + c, tb.get(ti + c) + rb.get(ri + c));
            }
        }
    }
}
