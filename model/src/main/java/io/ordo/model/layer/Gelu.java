package io.ordo.model.layer;

import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.FloatKernels;
import io.ordo.model.tensor.Mat;

/**
 * GELU, tanh form: gelu(x) = x * sigmoid(2c(x + a x^3)) with c = sqrt(2/pi), a = 0.044715
 * (identical to 0.5 x (1 + tanh(c(x + a x^3)))). The sigmoid (the gate) is kept for backward.
 * Float storage runs the fused heap-tile kernels of {@link FloatKernels}; double runs the
 * reference loops below, which the gradient checks prove.
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
            FloatKernels.geluForward(x, gate, y, (float) TWO_C, (float) A);
            return;
        }
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

    /** dy (N, H) -> dx (N, H), overwritten. */
    public void backward(Mat dy, Mat dx) {
        backward(dy, dx, null);
    }

    /**
     * dy (N, H) -> dx (N, H), overwritten (dx may be dy); when {@code columnSums} (1, H) is not
     * null, the column sums of dx are added to it (fused bias gradient of the layer feeding x).
     */
    public void backward(Mat dy, Mat dx, Mat columnSums) {
        if (FloatKernels.applies(input, dy, dx) && (columnSums == null || FloatKernels.applies(columnSums))) {
            FloatKernels.geluBackward(input, gate, dy, dx, (float) TWO_C, (float) A, columnSums);
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
