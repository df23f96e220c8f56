package io.ordo.model.kernel.cpu;

import io.ordo.model.kernel.AdamWStep;
import io.ordo.model.kernel.OptimizerKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/**
 * AdamW, norm and scaling in float on heap tiles (the AdamW arithmetic is the plain loop's, in
 * the same order, only vectorised; the norm accumulates in double with four chains).
 */
final class FloatOptimizer implements OptimizerKernel {
    /** Tiles: parameters, gradients, first and second moments. */
    private final ThreadLocal<FloatTiles> scratch = ThreadLocal.withInitial(() -> new FloatTiles(4, 0));

    @Override
    public void adamW(Mat p, Mat g, Mat m, Mat v, AdamWStep step) {
        FloatTiles s = scratch.get();
        float[] ps = s.tile(0);
        float[] gs = s.tile(1);
        float[] ms = s.tile(2);
        float[] vs = s.tile(3);
        int tile = s.tileLength();
        float decayMul = (float) step.decayMul();
        float stepSize = (float) step.stepSize();
        float invBc2Sqrt = (float) step.invBc2Sqrt();
        float b1 = (float) step.beta1();
        float b2 = (float) step.beta2();
        float eps = (float) step.eps();
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        Buf.F32 pb = (Buf.F32) p.buf();
        Buf.F32 gb = (Buf.F32) g.buf();
        Buf.F32 mb = (Buf.F32) m.buf();
        Buf.F32 vb = (Buf.F32) v.buf();
        int size = p.size();
        for (int i0 = 0; i0 < size; i0 += tile) {
            int n = Math.min(tile, size - i0);
            pb.load(p.offset() + i0, ps, n);
            gb.load(g.offset() + i0, gs, n);
            mb.load(m.offset() + i0, ms, n);
            vb.load(v.offset() + i0, vs, n);
            for (int i = 0; i < n; i++) {
                float gi = gs[i];
                float mi = b1 * ms[i] + c1 * gi;
                float vi = b2 * vs[i] + c2 * gi * gi;
                ms[i] = mi;
                vs[i] = vi;
                ps[i] = ps[i] * decayMul - stepSize * mi / ((float) Math.sqrt(vi) * invBc2Sqrt + eps);
            }
            pb.store(ps, p.offset() + i0, n);
            mb.store(ms, m.offset() + i0, n);
            vb.store(vs, v.offset() + i0, n);
        }
    }

    @Override
    public double sumOfSquares(Mat m) {
        FloatTiles s = scratch.get();
        float[] t = s.tile(0);
        int tile = s.tileLength();
        Buf.F32 b = (Buf.F32) m.buf();
        int n = m.size();
        double total = 0;
        for (int i0 = 0; i0 < n; i0 += tile) {
            int len = Math.min(tile, n - i0);
            b.load(m.offset() + i0, t, len);
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            int i = 0;
            for (; i + 3 < len; i += 4) {
                a0 += (double) t[i] * t[i];
                a1 += (double) t[i + 1] * t[i + 1];
                a2 += (double) t[i + 2] * t[i + 2];
                a3 += (double) t[i + 3] * t[i + 3];
            }
            for (; i < len; i++) {
                a0 += (double) t[i] * t[i];
            }
            total += (a0 + a1) + (a2 + a3);
        }
        return total;
    }

    @Override
    public void scale(Mat m, double factor) {
        FloatTiles s = scratch.get();
        float[] t = s.tile(0);
        int tile = s.tileLength();
        float f = (float) factor;
        Buf.F32 b = (Buf.F32) m.buf();
        int n = m.size();
        for (int i0 = 0; i0 < n; i0 += tile) {
            int len = Math.min(tile, n - i0);
            b.load(m.offset() + i0, t, len);
            for (int i = 0; i < len; i++) {
                t[i] *= f;
            }
            b.store(t, m.offset() + i0, len);
        }
    }
}
