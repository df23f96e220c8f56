package io.ordo.model.kernel.reference;

import io.ordo.model.kernel.GeluKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** GELU in double with {@link Math#exp}. */
final class ReferenceGelu implements GeluKernel {
    @Override
    public void forward(Mat x, Mat gate, Mat y) {
        Buf xb = x.buf();
        Buf sb = gate.buf();
        Buf yb = y.buf();
        int xo = x.offset();
        int so = gate.offset();
        int yo = y.offset();
        int n = x.size();
        for (int i = 0; i < n; i++) {
            double v = xb.get(xo + i);
            double s = 1.0 / (1.0 + Math.exp(-TWO_C * (v + A * v * v * v)));
            sb.set(so + i, s);
            yb.set(yo + i, v * s);
        }
    }

    @Override
    public void backward(Mat x, Mat gate, Mat dy, Mat dx, Mat columnSums) {
        Buf xb = x.buf();
        Buf sb = gate.buf();
        Buf db = dy.buf();
        Buf ob = dx.buf();
        int xo = x.offset();
        int so = gate.offset();
        int dyo = dy.offset();
        int dxo = dx.offset();
        int h = dy.cols();
        int n = dy.size();
        for (int i = 0; i < n; i++) {
            double v = xb.get(xo + i);
            double s = sb.get(so + i);
            double du = TWO_C * (1.0 + 3.0 * A * v * v);
            double g = db.get(dyo + i) * (s + v * s * (1.0 - s) * du);
            ob.set(dxo + i, g);
            if (columnSums != null) {
                columnSums.set(0, i % h, columnSums.get(0, i % h) + g);
            }
        }
    }
}
