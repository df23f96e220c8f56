package io.ordo.model.layer;

import io.ordo.model.kernel.LayerNormKernel;
import io.ordo.model.param.Init;
import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;

/** Row-wise LayerNorm, y = (x - mean) / sqrt(var + eps) * gain + bias, fused in one pass per row. */
public final class LayerNorm {
    public static final double EPS = 1e-5;

    private final LayerNormKernel kernel;
    private final Param gain;
    private final Param bias;
    private Mat xhat; // (N, D) normalised input, kept for backward
    private Mat rstd; // (N, 1) 1 / sqrt(var + eps)

    public LayerNorm(ParameterStore store, String name, int dim) {
        this.kernel = store.kernels().layerNorm();
        this.gain = store.add(name + ".gain", 1, dim, Init.ONES);
        this.bias = store.add(name + ".bias", 1, dim, Init.ZEROS);
    }

    /** x (N, D) -> y (N, D); y may not alias x. */
    public void forward(Mat x, Mat y) {
        xhat = Mat.reuse(xhat, x.dataType(), x.rows(), x.cols());
        rstd = Mat.reuse(rstd, x.dataType(), x.rows(), 1);
        kernel.forward(x, gain.value(), bias.value(), EPS, xhat, rstd, y);
    }

    /** dy (N, D) -> dx (N, D), overwritten; accumulates dgain and dbias. */
    public void backward(Mat dy, Mat dx) {
        backward(dy, dx, false);
    }

    /** dy (N, D) -> dx (N, D), added to dx when {@code accumulate} (a fused residual add). */
    public void backward(Mat dy, Mat dx, boolean accumulate) {
        kernel.backward(dy, xhat, rstd, gain.value(), dx, accumulate, gain.grad(), bias.grad());
    }
}
