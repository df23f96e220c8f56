package io.ordo.model.layer;

import io.ordo.model.kernel.Kernels;
import io.ordo.model.param.Init;
import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;

/** y = x @ W + b with W (in, out) and b (1, out). Keeps a reference to x for the backward pass. */
public final class Linear {
    private final Kernels kernels;
    private final Param weight;
    private final Param bias;
    private Mat input;

    public Linear(ParameterStore store, String name, int in, int out, boolean withBias) {
        this.kernels = store.kernels();
        this.weight = store.add(name + ".weight", in, out, Init.NORMAL);
        this.bias = withBias ? store.add(name + ".bias", 1, out, Init.ZEROS) : null;
    }

    /** x (N, in) -> y (N, out); y is overwritten. */
    public void forward(Mat x, Mat y) {
        input = x;
        kernels.matmul().gemm(x, false, weight.value(), false, y, 1.0, 0.0);
        if (bias != null) {
            kernels.elementwise().addRowVector(y, bias.value());
        }
    }

    /** dy (N, out) -> dx (N, in), overwritten (skipped when dx is null); accumulates dW and db. */
    public void backward(Mat dy, Mat dx) {
        backward(dy, dx, false);
    }

    /**
     * As {@link #backward(Mat, Mat)}; with {@code biasGradDone} the caller has already added the
     * column sums of dy to {@link #biasGrad()} (fused into the kernel that produced dy).
     */
    public void backward(Mat dy, Mat dx, boolean biasGradDone) {
        kernels.matmul().gemm(input, true, dy, false, weight.grad(), 1.0, 1.0);
        if (bias != null && !biasGradDone) {
            kernels.elementwise().accumulateColumnSums(dy, bias.grad());
        }
        if (dx != null) {
            kernels.matmul().gemm(dy, false, weight.value(), true, dx, 1.0, 0.0);
        }
    }

    /** The (1, out) bias gradient, or null without a bias. */
    public Mat biasGrad() {
        return bias == null ? null : bias.grad();
    }

    public Param weight() {
        return weight;
    }

    public int outFeatures() {
        return weight.cols();
    }
}
