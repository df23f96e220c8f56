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

    /** Row-wise LayerNorm: writes xhat and y, returns nothing; rstd[r] receives 1/sqrt(var + eps). */
    public static void layerNormForward(Mat x, Mat xhat, Mat y, Mat gain, Mat bias, double[] rstd, double eps) {
        Buf.F32 xb = (Buf.F32) x.buf();
        Buf.F32 hb = (Buf.F32) xhat.buf();
        Buf.F32 yb = (Buf.F32) y.buf();
        Buf.F32 g = (Buf.F32) gain.buf();
        Buf.F32 b = (Buf.F32) bias.buf();
        int d = x.cols();
        int go = gain.offset();
        int bo = bias.offset();
        for (int r = 0; r < x.rows(); r++) {
            int xi = x.offset() + r * d;
            float sum = 0;
            for (int c = 0; c < d; c++) {
                sum += xb.getFloat(xi + c);
            }
            float mean = sum / d;
            float var = 0;
            for (int c = 0; c < d; c++) {
                float z = xb.getFloat(xi + c) - mean;
                var += z * z;
            }
            float rs = (float) (1.0 / Math.sqrt(var / d + eps));
            rstd[r] = rs;
            int hi = xhat.offset() + r * d;
            int yi = y.offset() + r * d;
            for (int c = 0; c < d; c++) {
                float h = (xb.getFloat(xi + c) - mean) * rs;
                hb.setFloat(hi + c, h);
                yb.setFloat(yi + c, h * g.getFloat(go + c) + b.getFloat(bo + c));
            }
        }
    }

    /** LayerNorm backward: dx overwritten, gain and bias gradients accumulated. */
    public static void layerNormBackward(Mat dy, Mat xhat, Mat dx, Mat gain, Mat gainGrad, Mat biasGrad, double[] rstd) {
        Buf.F32 dyb = (Buf.F32) dy.buf();
        Buf.F32 hb = (Buf.F32) xhat.buf();
        Buf.F32 dxb = (Buf.F32) dx.buf();
        Buf.F32 g = (Buf.F32) gain.buf();
        Buf.F32 dg = (Buf.F32) gainGrad.buf();
        Buf.F32 db = (Buf.F32) biasGrad.buf();
        int d = dy.cols();
        int go = gain.offset();
        int dgo = gainGrad.offset();
        int dbo = biasGrad.offset();
        for (int r = 0; r < dy.rows(); r++) {
            int yi = dy.offset() + r * d;
            int hi = xhat.offset() + r * d;
            float sumDh = 0;
            float sumDhH = 0;
            for (int c = 0; c < d; c++) {
                float dyv = dyb.getFloat(yi + c);
                float h = hb.getFloat(hi + c);
                float dh = dyv * g.getFloat(go + c);
                sumDh += dh;
                sumDhH += dh * h;
                dg.setFloat(dgo + c, dg.getFloat(dgo + c) + dyv * h);
                db.setFloat(dbo + c, db.getFloat(dbo + c) + dyv);
            }
            float meanDh = sumDh / d;
            float meanDhH = sumDhH / d;
            float rs = (float) rstd[r];
            int xi = dx.offset() + r * d;
            for (int c = 0; c < d; c++) {
                float dh = dyb.getFloat(yi + c) * g.getFloat(go + c);
                dxb.setFloat(xi + c, rs * (dh - meanDh - hb.getFloat(hi + c) * meanDhH));
            }
        }
    }

    /** gate = k2 * (x + a x^3), the sigmoid argument of tanh-form GELU. */
    public static void geluArgument(Mat x, Mat gate, float twoC, float a) {
        Buf.F32 xb = (Buf.F32) x.buf();
        Buf.F32 sb = (Buf.F32) gate.buf();
        int xo = x.offset();
        int so = gate.offset();
        for (int i = 0; i < x.size(); i++) {
            float v = xb.getFloat(xo + i);
            sb.setFloat(so + i, twoC * (v + a * v * v * v));
        }
    }

    /** y = x * gate. */
    public static void multiply(Mat x, Mat gate, Mat y) {
        Buf.F32 xb = (Buf.F32) x.buf();
        Buf.F32 sb = (Buf.F32) gate.buf();
        Buf.F32 yb = (Buf.F32) y.buf();
        int xo = x.offset();
        int so = gate.offset();
        int yo = y.offset();
        for (int i = 0; i < x.size(); i++) {
            yb.setFloat(yo + i, xb.getFloat(xo + i) * sb.getFloat(so + i));
        }
    }

    /** dx = dy * (s + x s (1 - s) k2 (1 + 3 a x^2)), s the stored gate. */
    public static void geluBackward(Mat x, Mat gate, Mat dy, Mat dx, float twoC, float a) {
        Buf.F32 xb = (Buf.F32) x.buf();
        Buf.F32 sb = (Buf.F32) gate.buf();
        Buf.F32 db = (Buf.F32) dy.buf();
        Buf.F32 ob = (Buf.F32) dx.buf();
        int xo = x.offset();
        int so = gate.offset();
        int dyo = dy.offset();
        int dxo = dx.offset();
        float a3 = 3 * a;
        for (int i = 0; i < dy.size(); i++) {
            float v = xb.getFloat(xo + i);
            float s = sb.getFloat(so + i);
            float du = twoC * (1 + a3 * v * v);
            ob.setFloat(dxo + i, db.getFloat(dyo + i) * (s + v * s * (1 - s) * du));
        }
    }
}
