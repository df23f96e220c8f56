package io.ordo.model.kernel.reference;

import io.ordo.model.kernel.LayerNormKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** LayerNorm in double, one row at a time. */
final class ReferenceLayerNorm implements LayerNormKernel {
    @Override
    public void forward(Mat x, Mat gain, Mat bias, double eps, Mat xhat, Mat rstd, Mat y) {
        int n = x.rows();
        int d = x.cols();
        Buf xb = x.buf();
        Buf hb = xhat.buf();
        Buf yb = y.buf();
        Buf g = gain.buf();
        Buf b = bias.buf();
        int go = gain.offset();
        int bo = bias.offset();
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
            double rs = 1.0 / Math.sqrt(var / d + eps);
            rstd.setFlat(r, rs);
            int hi = xhat.offset() + r * d;
            int yi = y.offset() + r * d;
            for (int c = 0; c < d; c++) {
                double h = (xb.get(xi + c) - mean) * rs;
                hb.set(hi + c, h);
                yb.set(yi + c, h * g.get(go + c) + b.get(bo + c));
            }
        }
    }

    @Override
    public void backward(Mat dy, Mat xhat, Mat rstd, Mat gain, Mat dx, boolean accumulate, Mat gainGrad, Mat biasGrad) {
        int n = dy.rows();
        int d = dy.cols();
        Buf dyb = dy.buf();
        Buf hb = xhat.buf();
        Buf dxb = dx.buf();
        Buf g = gain.buf();
        Buf dg = gainGrad.buf();
        Buf db = biasGrad.buf();
        int go = gain.offset();
        int dgo = gainGrad.offset();
        int dbo = biasGrad.offset();
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
            double rs = rstd.getFlat(r);
            int xi = dx.offset() + r * d;
            for (int c = 0; c < d; c++) {
                double h = hb.get(hi + c);
                double dh = dyb.get(yi + c) * g.get(go + c);
                double v = rs * (dh - meanDh - h * meanDhH);
                dxb.set(xi + c, accumulate ? dxb.get(xi + c) + v : v);
            }
        }
    }
}
