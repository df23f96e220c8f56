package io.ordo.model.kernel;

import io.ordo.model.tensor.Mat;

/**
 * Tanh-form GELU, gelu(x) = x * sigmoid(2c(x + a x^3)) with c = sqrt(2/pi), a = 0.044715
 * (identical to 0.5 x (1 + tanh(c(x + a x^3)))). The sigmoid, the gate, is kept for backward.
 */
public interface GeluKernel {
    /** 2c of the tanh form. */
    double TWO_C = 2.0 * Math.sqrt(2.0 / Math.PI);
    /** The cubic coefficient a. */
    double A = 0.044715;

    /** x (N, H) -> y (N, H) and gate (N, H); y may not alias x. */
    void forward(Mat x, Mat gate, Mat y);

    /**
     * dy (N, H) -> dx = dy * (s + x s (1 - s) 2c (1 + 3 a x^2)) (N, H), s the gate; dx may be dy.
     * When {@code columnSums} (1, H) is not null, the column sums of dx are added to it (the fused
     * bias gradient of the linear layer that produced x).
     */
    void backward(Mat x, Mat gate, Mat dy, Mat dx, Mat columnSums);
}
