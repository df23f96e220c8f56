package io.ordo.model.layer;

import io.ordo.model.kernel.GeluKernel;
import io.ordo.model.tensor.Mat;

/** GELU, tanh form (see {@link GeluKernel}); the gate is kept for backward. */
public final class Gelu {
    private final GeluKernel kernel;
    private Mat input;
    private Mat gate; // (N, H) sigmoid(2c(x + a x^3))

    public Gelu(GeluKernel kernel) {
        this.kernel = kernel;
    }

    /** x (N, H) -> y (N, H); y may not alias x. */
    public void forward(Mat x, Mat y) {
        input = x;
        gate = Mat.reuse(gate, x.dataType(), x.rows(), x.cols());
        kernel.forward(x, gate, y);
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
        kernel.backward(input, gate, dy, dx, columnSums);
    }
}
