package io.ordo.model.layer;

import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.FloatKernels;
import io.ordo.model.tensor.Mat;
import io.ordo.model.tensor.NativeMath;

/**
 * GELU, tanh form: gelu(x) = x * sigmoid(2c(x + a x^3)) with c = sqrt(2/pi), a = 0.044715
 * (identical to 0.5 x (1 + tanh(c(x + a x^3)))). The sigmoid runs in ND4J's vectorised loop;
 * it is kept for the backward pass.
 */
public final class Gelu {
    private static final double TWO_C = 2.0 * Math.sqrt(2.0 / Math.PI);
    private static final double A = 0.044715;

    private Mat input;
    private Mat gate; // (N, H) sigmoid(2c(x + a x^3))

    /** x (N, H) -> y (N, H); y may not alias x. */
    public void forward(Mat x, Mat y) {
        input = x;
        gate = Mat.reuse(gate, x.dataType(), x.rows(), x.cols());
        if (FloatKernels.applies(x, y)) {
            FloatKernels.geluArgument(x, gate, (float) TWO_C, (float) A);
            NativeMath.sigmoid(gate);
            FloatKernels.multiply(x, gate, y);
            return;
        }
        Buf xb = x.buf();
        Buf sb = gate.buf();
        int xo = x.offset();
        int so = gate.offset();
        int n = x.size();
        for (int i = 0; i < n; i++) {
            double v = xb.get(xo + i);
            sb.set(so + i, TWO_C * (v + A * v * v * v));
        }
        NativeMath.sigmoid(gate);
        Buf yb = y.buf();
        int yo = y.offset();
        for (int i = 0; i < n; i++) {
            yb.set(yo + i, xb.get(xo + i) * sb.get(so + i));
        }
    }

    /** dy (N, H) -> dx (N, H), overwritten. */
    public void backward(Mat dy, Mat dx) {
        if (FloatKernels.applies(input, dy, dx)) {
            FloatKernels.geluBackward(input, gate, dy, dx, (float) TWO_C, (float) A);
            return;
        }
        Buf xb = input.buf();
        Buf sb = gate.buf();
        Buf db = dy.buf();
        Buf ob = dx.buf();
        int xo = input.offset();
        int so = gate.offset();
        int dyo = dy.offset();
        int dxo = dx.offset();
        int n = dy.size();
        for (int i = 0; i < n; i++) {
            double v = xb.get(xo + i);
            double s = sb.get(so + i);
            double du = TWO_C * (1.0 + 3.0 * A * v * v);
            ob.set(dxo + i, db.get(dyo + i) * (s + v * s * (1.0 - s) * du));
        }
    }
}
