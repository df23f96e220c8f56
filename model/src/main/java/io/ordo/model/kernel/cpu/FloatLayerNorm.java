package io.ordo.model.kernel.cpu;

import io.ordo.model.kernel.LayerNormKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** LayerNorm in float on heap tiles of whole rows, four-chain row reductions. */
final class FloatLayerNorm implements LayerNormKernel {
    /** Tiles: x or dy, xhat, y or dx. Vectors: gain, bias, gain gradient, bias gradient. */
    private final ThreadLocal<FloatTiles> scratch = ThreadLocal.withInitial(() -> new FloatTiles(3, 4));

    @Override
    public void forward(Mat x, Mat gain, Mat bias, double eps, Mat xhat, Mat rstd, Mat y) {
        int d = x.cols();
        FloatTiles s = scratch.get().fit(d);
        float[] g = s.vector(0);
        float[] b = s.vector(1);
        ((Buf.F32) gain.buf()).load(gain.offset(), g, d);
        ((Buf.F32) bias.buf()).load(bias.offset(), b, d);
        float[] xs = s.tile(0);
        float[] hs = s.tile(1);
        float[] ys = s.tile(2);
        Buf.F32 rb = (Buf.F32) rstd.buf();
        int rowsPerTile = s.rowsPerTile(d);
        for (int r0 = 0; r0 < x.rows(); r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, x.rows() - r0);
            int n = rows * d;
            ((Buf.F32) x.buf()).load(x.offset() + r0 * d, xs, n);
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                float mean = Reductions.sum(xs, o, d) / d;
                float var = sumOfSquaredDeviations(xs, o, d, mean);
                float rs = (float) (1.0 / Math.sqrt(var / d + eps));
                rb.setFloat(rstd.offset() + r0 + r, rs);
                for (int c = 0; c < d; c++) {
                    float h = (xs[o + c] - mean) * rs;
                    hs[o + c] = h;
                    ys[o + c] = h * g[c] + b[c];
                }
            }
            ((Buf.F32) xhat.buf()).store(hs, xhat.offset() + r0 * d, n);
            ((Buf.F32) y.buf()).store(ys, y.offset() + r0 * d, n);
        }
    }

    /** sum of (a[i] - mean)^2 over [o, o + n), four accumulators. */
    private static float sumOfSquaredDeviations(float[] a, int o, int n, float mean) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float z0 = a[o + i] - mean;
            float z1 = a[o + i + 1] - mean;
            float z2 = a[o + i + 2] - mean;
            float z3 = a[o + i + 3] - mean;
            s0 += z0 * z0;
            s1 += z1 * z1;
            s2 += z2 * z2;
            s3 += z3 * z3;
        }
        for (; i < n; i++) {
            float z = a[o + i] - mean;
            s0 += z * z;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void backward(Mat dy, Mat xhat, Mat rstd, Mat gain, Mat dx, boolean accumulate, Mat gainGrad, Mat biasGrad) {
        int d = dy.cols();
        FloatTiles s = scratch.get().fit(d);
        float[] g = s.vector(0);
        float[] dg = s.vector(2);
        float[] db = s.vector(3);
        ((Buf.F32) gain.buf()).load(gain.offset(), g, d);
        ((Buf.F32) gainGrad.buf()).load(gainGrad.offset(), dg, d);
        ((Buf.F32) biasGrad.buf()).load(biasGrad.offset(), db, d);
        float[] dys = s.tile(0);
        float[] hs = s.tile(1);
        float[] dxs = s.tile(2);
        Buf.F32 rb = (Buf.F32) rstd.buf();
        int rowsPerTile = s.rowsPerTile(d);
        for (int r0 = 0; r0 < dy.rows(); r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, dy.rows() - r0);
            int n = rows * d;
            ((Buf.F32) dy.buf()).load(dy.offset() + r0 * d, dys, n);
            ((Buf.F32) xhat.buf()).load(xhat.offset() + r0 * d, hs, n);
            if (accumulate) {
                ((Buf.F32) dx.buf()).load(dx.offset() + r0 * d, dxs, n);
            }
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                // sum(dy * g) and sum(dy * g * xhat) in four independent chains each (one chain is latency-bound)
                float a0 = 0;
                float a1 = 0;
                float a2 = 0;
                float a3 = 0;
                float b0 = 0;
                float b1 = 0;
                float b2 = 0;
                float b3 = 0;
                int c4 = 0;
                for (; c4 + 3 < d; c4 += 4) {
                    float h0 = dys[o + c4] * g[c4];
                    float h1 = dys[o + c4 + 1] * g[c4 + 1];
                    float h2 = dys[o + c4 + 2] * g[c4 + 2];
                    float h3 = dys[o + c4 + 3] * g[c4 + 3];
                    a0 += h0;
                    a1 += h1;
                    a2 += h2;
                    a3 += h3;
                    b0 += h0 * hs[o + c4];
                    b1 += h1 * hs[o + c4 + 1];
                    b2 += h2 * hs[o + c4 + 2];
                    b3 += h3 * hs[o + c4 + 3];
                }
                for (; c4 < d; c4++) {
                    float h0 = dys[o + c4] * g[c4];
                    a0 += h0;
                    b0 += h0 * hs[o + c4];
                }
                float meanDh = ((a0 + a1) + (a2 + a3)) / d;
                float meanDhH = ((b0 + b1) + (b2 + b3)) / d;
                float rs = rb.getFloat(rstd.offset() + r0 + r);
                if (accumulate) {
                    for (int c = 0; c < d; c++) {
                        float dyc = dys[o + c];
                        float hc = hs[o + c];
                        dg[c] += dyc * hc;
                        db[c] += dyc;
                        dxs[o + c] += rs * (dyc * g[c] - meanDh - hc * meanDhH);
                    }
                } else {
                    for (int c = 0; c < d; c++) {
                        float dyc = dys[o + c];
                        float hc = hs[o + c];
                        dg[c] += dyc * hc;
                        db[c] += dyc;
                        dxs[o + c] = rs * (dyc * g[c] - meanDh - hc * meanDhH);
                    }
                }
            }
            ((Buf.F32) dx.buf()).store(dxs, dx.offset() + r0 * d, n);
        }
        ((Buf.F32) gainGrad.buf()).store(dg, gainGrad.offset(), d);
        ((Buf.F32) biasGrad.buf()).store(db, biasGrad.offset(), d);
    }
}
