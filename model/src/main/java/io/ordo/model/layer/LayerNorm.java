package io.ordo.model.layer;

import io.ordo.model.param.Init;
import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.FloatKernels;
import io.ordo.model.tensor.Mat;

/** Row-wise LayerNorm, y = (x - mean) / sqrt(var + eps) * gain + bias, fused in one pass per row. */
public final class LayerNorm {
    public static final double EPS = 1e-5;

    private final Param gain;
    private final Param bias;
    private Mat xhat;      // (N, D) normalised input, kept for backward
    private double[] rstd; // (N) 1 / sqrt(var + eps)

    public LayerNorm(ParameterStore store, String name, int dim) {
        this.gain = store.add(name + ".gain", 1, dim, Init.ONES);
        this.bias = store.add(name + ".bias", 1, dim, Init.ZEROS);
    }

    /** x (N, D) -> y (N, D); y may not alias x. */
    public void forward(Mat x, Mat y) {
        int n = x.rows();
        int d = x.cols();
        xhat = Mat.reuse(xhat, x.dataType(), n, d);
        if (rstd == null || rstd.length != n) {
            rstd = new double[n];
        }
        if (FloatKernels.applies(x, y, gain.value())) {
            FloatKernels.layerNormForward(x, xhat, y, gain.value(), bias.value(), rstd, EPS);
            return;
        }
        Buf xb = x.buf();
        Buf hb = xhat.buf();
        Buf yb = y.buf();
        Buf g = gain.value().buf();
        Buf b = bias.value().buf();
        int go = gain.value().offset();
        int bo = bias.value().offset();
        for (int r = 0; r < n; r++) {
            int xi = x.offset() + r * d;
            double mean = 0;
            for (int c = 0; c < d; c++) {
                mean += xb.get(xi + c);
            }
            mean /= d;
            double var = 0;
            for (int c = 0; c < d; c++) {
                double z = xb.get(xi + c) - mean;
                var += z * z;
            }
            double rs = 1.0 / Math.sqrt(var / d + EPS);
            rstd[r] = rs;
            int hi = xhat.offset() + r * d;
            int yi = y.offset() + r * d;
            for (int c = 0; c < d; c++) {
                double h = (xb.get(xi + c) - mean) * rs;
                hb.set(hi + c, h);
                yb.set(yi + c, h * g.get(go + c) + b.get(bo + c));
            }
        }
    }

    /** dy (N, D) -> dx (N, D), overwritten; accumulates dgain and dbias. */
    public void backward(Mat dy, Mat dx) {
        if (FloatKernels.applies(dy, dx, gain.value())) {
            FloatKernels.layerNormBackward(dy, xhat, dx, gain.value(), gain.grad(), bias.grad(), rstd);
            return;
        }
        int n = dy.rows();
        int d = dy.cols();
        Buf dyb = dy.buf();
        Buf hb = xhat.buf();
        Buf dxb = dx.buf();
        Buf g = gain.value().buf();
        Buf dg = gain.grad().buf();
        Buf db = bias.grad().buf();
        int go = gain.value().offset();
        int dgo = gain.grad().offset();
        int dbo = bias.grad().offset();
        for (int r = 0; r < n; r++) {
            int yi = dy.offset() + r * d;
            int hi = xhat.offset() + r * d;
            double sumDh = 0;
            double sumDhH = 0;
            for (int c = 0; c < d; c++) {
                double dyv = dyb.get(yi + c);
                double h = hb.get(hi + c);
                double dh = dyv * g.get(go + c);
                sumDh += dh;
                sumDhH += dh * h;
                dg.set(dgo + c, dg.get(dgo + c) + dyv * h);
                db.set(dbo + c, db.get(dbo + c) + dyv);
            }
            double meanDh = sumDh / d;
            double meanDhH = sumDhH / d;
            double rs = rstd[r];
            int xi = dx.offset() + r * d;
            for (int c = 0; c < d; c++) {
                double h = hb.get(hi + c);
                double dh = dyb.get(yi + c) * g.get(go + c);
                dxb.set(xi + c, rs * (dh - meanDh - h * meanDhH));
            }
        }
    }
}
