package io.ordo.model.kernel.cpu;

import io.ordo.model.kernel.GeluKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** GELU in float on heap tiles, the gate through the vectorised {@link FastExp#sigmoid}. */
final class FloatGelu implements GeluKernel {
    private static final float TWO_C_F = (float) TWO_C;
    private static final float A_F = (float) A;

    /** Tiles: x, gate, dy, exp scratch. Vector: the column sums. */
    private final ThreadLocal<FloatTiles> scratch = ThreadLocal.withInitial(() -> new FloatTiles(4, 1));

    @Override
    public void forward(Mat x, Mat gate, Mat y) {
        FloatTiles s = scratch.get();
        float[] xs = s.tile(0);
        float[] gs = s.tile(1);
        float[] tmp = s.tile(3);
        int tile = s.tileLength();
        Buf.F32 xb = (Buf.F32) x.buf();
        for (int i0 = 0; i0 < x.size(); i0 += tile) {
            int n = Math.min(tile, x.size() - i0);
            xb.load(x.offset() + i0, xs, n);
            for (int i = 0; i < n; i++) {
                float v = xs[i];
                gs[i] = TWO_C_F * (v + A_F * v * v * v);
            }
            FastExp.sigmoid(gs, gs, tmp, n);
            ((Buf.F32) gate.buf()).store(gs, gate.offset() + i0, n);
            for (int i = 0; i < n; i++) {
                xs[i] *= gs[i];
            }
            ((Buf.F32) y.buf()).store(xs, y.offset() + i0, n);
        }
    }

    @Override
    public void backward(Mat x, Mat gate, Mat dy, Mat dx, Mat columnSums) {
        int h = dy.cols();
        FloatTiles s = scratch.get().fit(h);
        float[] xs = s.tile(0);
        float[] gs = s.tile(1);
        float[] ds = s.tile(2);
        float[] acc = s.vector(0);
        if (columnSums != null) {
            ((Buf.F32) columnSums.buf()).load(columnSums.offset(), acc, h);
        }
        float a3 = 3 * A_F;
        int rowsPerTile = s.rowsPerTile(h);
        for (int r0 = 0; r0 < dy.rows(); r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, dy.rows() - r0);
            int n = rows * h;
            int i0 = r0 * h;
            ((Buf.F32) x.buf()).load(x.offset() + i0, xs, n);
            ((Buf.F32) gate.buf()).load(gate.offset() + i0, gs, n);
            ((Buf.F32) dy.buf()).load(dy.offset() + i0, ds, n);
            for (int i = 0; i < n; i++) {
                float v = xs[i];
                float sg = gs[i];
                ds[i] *= sg + v * sg * (1 - sg) * TWO_C_F * (1 + a3 * v * v);
            }
            ((Buf.F32) dx.buf()).store(ds, dx.offset() + i0, n);
            if (columnSums != null) {
                for (int r = 0; r < rows; r++) {
                    int o = r * h;
                    for (int c = 0; c < h; c++) {
                        acc[c] += ds[o + c];
                    }
                }
            }
        }
        if (columnSums != null) {
            ((Buf.F32) columnSums.buf()).store(acc, columnSums.offset(), h);
        }
    }
}
