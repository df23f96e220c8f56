package io.ordo.model.kernel.cpu;

import io.ordo.model.kernel.AttentionKernel;
import io.ordo.model.kernel.reference.ReferenceKernels;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** The attention softmaxes in float on heap tiles of whole rows, {@link FastExp} for exp. */
final class FloatAttention implements AttentionKernel {
    /** Tiles: probabilities, gradient, (unused), exp scratch. */
    private final ThreadLocal<FloatTiles> scratch = ThreadLocal.withInitial(() -> new FloatTiles(4, 0));

    @Override
    public void causalSoftmax(Mat m, int off, int t) {
        Buf.F32 p = (Buf.F32) m.buf();
        FloatTiles s = scratch.get().fit(t);
        float[] xs = s.tile(0);
        float[] tmp = s.tile(3);
        int rowsPerTile = s.rowsPerTile(t);
        int base = m.offset() + off;
        for (int r0 = 0; r0 < t; r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, t - r0);
            int n = rows * t;
            p.load(base + r0 * t, xs, n);
            for (int r = 0; r < rows; r++) {
                int o = r * t;
                int last = o + r0 + r; // j <= i
                float max = Reductions.max(xs, o, last + 1 - o);
                for (int j = o; j <= last; j++) {
                    xs[j] -= max;
                }
                for (int j = last + 1; j < o + t; j++) {
                    xs[j] = FastExp.MIN_X;
                }
            }
            FastExp.exp(xs, xs, tmp, n);
            for (int r = 0; r < rows; r++) {
                int o = r * t;
                int last = o + r0 + r;
                float inv = 1f / Reductions.sum(xs, o, last + 1 - o);
                for (int j = o; j <= last; j++) {
                    xs[j] *= inv;
                }
                for (int j = last + 1; j < o + t; j++) {
                    xs[j] = 0f;
                }
            }
            p.store(xs, base + r0 * t, n);
        }
    }

    @Override
    public void causalSoftmaxBackward(Mat probs, int pOff, Mat d, int t) {
        Buf.F32 p = (Buf.F32) probs.buf();
        Buf.F32 g = (Buf.F32) d.buf();
        FloatTiles s = scratch.get().fit(t);
        float[] ps = s.tile(0);
        float[] gs = s.tile(1);
        int rowsPerTile = s.rowsPerTile(t);
        int pBase = probs.offset() + pOff;
        int dBase = d.offset();
        for (int r0 = 0; r0 < t; r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, t - r0);
            int n = rows * t;
            p.load(pBase + r0 * t, ps, n);
            g.load(dBase + r0 * t, gs, n);
            for (int r = 0; r < rows; r++) {
                int o = r * t;
                int last = o + r0 + r;
                float dot = Reductions.dot(ps, gs, o, last + 1 - o);
                for (int j = o; j <= last; j++) {
                    gs[j] = ps[j] * (gs[j] - dot);
                }
                for (int j = last + 1; j < o + t; j++) {
                    gs[j] = 0f;
                }
            }
            g.store(gs, dBase + r0 * t, n);
        }
    }

    /** One row per decode step and head: not worth a tile, so the reference's double loop does it. */
    @Override
    public void softmaxPrefix(Mat row, int len) {
        ReferenceKernels.INSTANCE.attention().softmaxPrefix(row, len);
    }
}
