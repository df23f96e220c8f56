package io.ordo.model.tensor;

/**
 * Float-only twins of the hottest fused loops (LayerNorm, GELU, residual add). The generic loops
 * compute in double through {@link Buf}, and the float-to-double round trip made them ~10x slower
 * than plain float loops on the training path. Each twin is checked against its double original
 * in {@code FloatKernelsTest}; the double originals are the ones the gradient checks prove.
 */
public final class FloatKernels {
    private FloatKernels() {
    }

    /** True when every matrix is float storage, so the twins apply. */
    public static boolean applies(Mat... mats) {
        for (Mat m : mats) {
            if (!(m.buf() instanceof Buf.F32)) {
                return false;
            }
        }
        return true;
    }

    /** out = a + b. */
    public static void add(Mat a, Mat b, Mat out) {
        Buf.F32 ab = (Buf.F32) a.buf();
        Buf.F32 bb = (Buf.F32) b.buf();
        Buf.F32 ob = (Buf.F32) out.buf();
        int ao = a.offset();
        int bo = b.offset();
        int oo = out.offset();
        int n = a.size();
        for (int i = 0; i < n; i++) {
            ob.setFloat(oo + i, ab.getFloat(ao + i) + bb.getFloat(bo + i));
        }
    }

    /** Row-wise LayerNorm: writes xhat and y; rstd[r] receives 1/sqrt(var + eps). */
    public static void layerNormForward(Mat x, Mat xhat, Mat y, Mat gain, Mat bias, double[] rstd, double eps) {
        int d = x.cols();
        Scratch s = Scratch.get(d);
        ((Buf.F32) gain.buf()).load(gain.offset(), s.g, d);
        ((Buf.F32) bias.buf()).load(bias.offset(), s.b, d);
        float[] xs = s.t0;
        float[] hs = s.t1;
        float[] ys = s.t2;
        float[] g = s.g;
        float[] b = s.b;
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
                rstd[r0 + r] = rs;
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

    /** LayerNorm backward: dx overwritten (or added to), gain and bias gradients accumulated. */
    public static void layerNormBackward(Mat dy, Mat xhat, Mat dx, Mat gain, Mat gainGrad, Mat biasGrad, double[] rstd,
                                         boolean accumulate) {
        int d = dy.cols();
        Scratch s = Scratch.get(d);
        float[] g = s.g;
        float[] dg = s.dg;
        float[] db = s.db;
        ((Buf.F32) gain.buf()).load(gain.offset(), g, d);
        ((Buf.F32) gainGrad.buf()).load(gainGrad.offset(), dg, d);
        ((Buf.F32) biasGrad.buf()).load(biasGrad.offset(), db, d);
        float[] dys = s.t0;
        float[] hs = s.t1;
        float[] dxs = s.t2;
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
                float sumDh = (a0 + a1) + (a2 + a3);
                float sumDhH = (b0 + b1) + (b2 + b3);
                float meanDh = sumDh / d;
                float meanDhH = sumDhH / d;
                float rs = (float) rstd[r0 + r];
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

    /**
     * Tanh-form GELU in one pass per heap tile: gate = sigmoid(k2 (x + a x^3)) and y = x * gate.
     */
    public static void geluForward(Mat x, Mat gate, Mat y, float twoC, float a) {
        Scratch s = Scratch.get(0);
        float[] xs = s.t0;
        float[] gs = s.t1;
        float[] tmp = s.t3;
        Buf.F32 xb = (Buf.F32) x.buf();
        for (int i0 = 0; i0 < x.size(); i0 += Scratch.TILE) {
            int n = Math.min(Scratch.TILE, x.size() - i0);
            xb.load(x.offset() + i0, xs, n);
            for (int i = 0; i < n; i++) {
                float v = xs[i];
                gs[i] = twoC * (v + a * v * v * v);
            }
            FastExp.sigmoid(gs, gs, tmp, n);
            ((Buf.F32) gate.buf()).store(gs, gate.offset() + i0, n);
            for (int i = 0; i < n; i++) {
                xs[i] *= gs[i];
            }
            ((Buf.F32) y.buf()).store(xs, y.offset() + i0, n);
        }
    }

    /**
     * dx = dy * (s + x s (1 - s) k2 (1 + 3 a x^2)), s the stored gate, on heap tiles of whole rows;
     * when {@code columnSums} is not null, also adds the column sums of dx into it (the bias
     * gradient of the linear layer that produced x, while dx is in cache).
     */
    public static void geluBackward(Mat x, Mat gate, Mat dy, Mat dx, float twoC, float a, Mat columnSums) {
        int h = dy.cols();
        Scratch s = Scratch.get(h);
        float[] xs = s.t0;
        float[] gs = s.t1;
        float[] ds = s.t2;
        float[] acc = s.db;
        if (columnSums != null) {
            ((Buf.F32) columnSums.buf()).load(columnSums.offset(), acc, h);
        }
        float a3 = 3 * a;
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
                ds[i] *= sg + v * sg * (1 - sg) * twoC * (1 + a3 * v * v);
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

    /**
     * The AdamW update over [from, to) of the flat float buffers, on heap tiles (the same float
     * arithmetic, in the same order, as a plain loop; only vectorised):
     * <pre>
     *   m = b1 m + (1 - b1) g ;  v = b2 v + (1 - b2) g^2
     *   p = p * decayMul - stepSize * m / (sqrt(v) * invBc2Sqrt + eps)
     * </pre>
     */
    public static void adamW(Buf.F32 p, Buf.F32 g, Buf.F32 m, Buf.F32 v, int from, int to,
                             float decayMul, float stepSize, float invBc2Sqrt, float b1, float b2, float eps) {
        Scratch s = Scratch.get(0);
        float[] ps = s.t0;
        float[] gs = s.t1;
        float[] ms = s.t2;
        float[] vs = s.t3;
        float c1 = 1f - b1;
        float c2 = 1f - b2;
        for (int i0 = from; i0 < to; i0 += Scratch.TILE) {
            int n = Math.min(Scratch.TILE, to - i0);
            p.load(i0, ps, n);
            g.load(i0, gs, n);
            m.load(i0, ms, n);
            v.load(i0, vs, n);
            for (int i = 0; i < n; i++) {
                float gi = gs[i];
                float mi = b1 * ms[i] + c1 * gi;
                float vi = b2 * vs[i] + c2 * gi * gi;
                ms[i] = mi;
                vs[i] = vi;
                ps[i] = ps[i] * decayMul - stepSize * mi / ((float) Math.sqrt(vi) * invBc2Sqrt + eps);
            }
            p.store(ps, i0, n);
            m.store(ms, i0, n);
            v.store(vs, i0, n);
        }
    }

    /** x[r, :] = tokens[ids[r], :] + positions[r % seqLen, :] for every row r (ids already validated). */
    public static void embed(int[] ids, Mat tokens, Mat positions, int seqLen, Mat x) {
        int d = x.cols();
        Scratch s = Scratch.get(d);
        float[] ts = s.t0;
        float[] ps = s.t1;
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

    /** sums[0, :] += the column sums of m (the bias gradient of a linear layer), on heap tiles of whole rows. */
    public static void accumulateColumnSums(Mat m, Mat sums) {
        int d = m.cols();
        Scratch s = Scratch.get(d);
        float[] acc = s.db;
        float[] ms = s.t0;
        ((Buf.F32) sums.buf()).load(sums.offset(), acc, d);
        Buf.F32 mb = (Buf.F32) m.buf();
        int rowsPerTile = s.rowsPerTile(d);
        for (int r0 = 0; r0 < m.rows(); r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, m.rows() - r0);
            mb.load(m.offset() + r0 * d, ms, rows * d);
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                for (int c = 0; c < d; c++) {
                    acc[c] += ms[o + c];
                }
            }
        }
        ((Buf.F32) sums.buf()).store(acc, sums.offset(), d);
    }

    /** buf[from, from + n) *= factor, on heap tiles. */
    public static void scale(Buf.F32 buf, int from, int n, float factor) {
        float[] t = Scratch.get(0).t0;
        for (int i0 = 0; i0 < n; i0 += Scratch.TILE) {
            int len = Math.min(Scratch.TILE, n - i0);
            buf.load(from + i0, t, len);
            for (int i = 0; i < len; i++) {
                t[i] *= factor;
            }
            buf.store(t, from + i0, len);
        }
    }

    /** Sum of squares of buf[from, from + n) in double, over heap tiles with four accumulators. */
    public static double sumOfSquares(Buf.F32 buf, int from, int n) {
        Scratch s = Scratch.get(0);
        float[] t = s.t0;
        double total = 0;
        for (int i0 = 0; i0 < n; i0 += Scratch.TILE) {
            int len = Math.min(Scratch.TILE, n - i0);
            buf.load(from + i0, t, len);
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

    /** table[ids[r], :] += rows[r, :] for every row r (embedding gradient scatter). */
    public static void scatterAddRows(Mat rows, int[] ids, Mat table) {
        int d = rows.cols();
        Scratch s = Scratch.get(d);
        float[] src = s.t0;
        float[] acc = s.t1;
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
