package io.ordo.model.kernel.cpu;

import io.ordo.model.kernel.EmbeddingKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** Embedding lookup and scatter in float, a row at a time through heap rows. */
final class FloatEmbedding implements EmbeddingKernel {
    /** Vectors: token row (or gradient row), position row (or table row). */
    private final ThreadLocal<FloatTiles> scratch = ThreadLocal.withInitial(() -> new FloatTiles(0, 2));

    @Override
    public void embed(int[] ids, Mat tokens, Mat positions, int seqLen, Mat x) {
        int d = x.cols();
        FloatTiles s = scratch.get().fit(d);
        float[] ts = s.vector(0);
        float[] ps = s.vector(1);
        Buf.F32 tb = (Buf.F32) tokens.buf();
        Buf.F32 pb = (Buf.F32) positions.buf();
        Buf.F32 xb = (Buf.F32) x.buf();
        for (int r = 0; r < x.rows(); r++) {
            tb.load(tokens.offset() + ids[r] * d, ts, d);
            pb.load(positions.offset() + (r % seqLen) * d, ps, d);
            for (int c = 0; c < d; c++) {
                ts[c] += ps[c];
            }
            xb.store(ts, x.offset() + r * d, d);
        }
    }

    @Override
    public void scatterAddRows(Mat rows, int[] ids, Mat table) {
        int d = rows.cols();
        FloatTiles s = scratch.get().fit(d);
        float[] src = s.vector(0);
        float[] acc = s.vector(1);
        Buf.F32 rb = (Buf.F32) rows.buf();
        Buf.F32 tb = (Buf.F32) table.buf();
        for (int r = 0; r < rows.rows(); r++) {
            int at = table.offset() + ids[r] * d;
            rb.load(rows.offset() + r * d, src, d);
            tb.load(at, acc, d);
            for (int c = 0; c < d; c++) {
                acc[c] += src[c];
            }
            tb.store(acc, at, d);
        }
    }
}
