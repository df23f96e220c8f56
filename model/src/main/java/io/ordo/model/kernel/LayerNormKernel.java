package io.ordo.model.kernel;

import io.ordo.model.tensor.Mat;

/** Row-wise LayerNorm, y = (x - mean) / sqrt(var + eps) * gain + bias, forward and backward. */
public interface LayerNormKernel {
    /**
     * x (N, D) -> y (N, D); also writes xhat (N, D), the normalised input, and rstd (N, 1),
     * 1 / sqrt(var + eps), which backward reads. y may not alias x.
     */
    void forward(Mat x, Mat gain, Mat bias, double eps, Mat xhat, Mat rstd, Mat y);

    /**
     * dy (N, D) -> dx (N, D), overwritten or, with {@code accumulate}, added to (a fused residual
     * add); adds the gain and bias gradients (1, D) into gainGrad and biasGrad.
     */
    void backward(Mat dy, Mat xhat, Mat rstd, Mat gain, Mat dx, boolean accumulate, Mat gainGrad, Mat biasGrad);
}
