package io.ordo.model.layer;

import io.ordo.model.kernel.Kernels;
import io.ordo.model.param.Init;
import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;

/**
 * logits = h @ W + b, where W is its own (D, V) matrix or, when tied, the transposed (V, D)
 * token embedding table.
 */
public final class Unembedding {
    private final Kernels kernels;
    private final Param weight; // (D, V) untied, (V, D) tied
    private final boolean tied;
    private final Param bias;   // (1, V)
    private Mat input;

    private Unembedding(Kernels kernels, Param weight, boolean tied, Param bias) {
        this.kernels = kernels;
        this.weight = weight;
        this.tied = tied;
        this.bias = bias;
    }

    public static Unembedding untied(ParameterStore store, String name, int dim, int vocab) {
        return new Unembedding(store.kernels(), store.add(name + ".weight", dim, vocab, Init.NORMAL), false,
                store.add(name + ".bias", 1, vocab, Init.ZEROS));
    }

    public static Unembedding tiedTo(Param tokenTable, ParameterStore store, String name) {
        return new Unembedding(store.kernels(), tokenTable, true, store.add(name + ".bias", 1, tokenTable.rows(), Init.ZEROS));
    }

    /** h (N, D) -> logits (N, V). */
    public void forward(Mat h, Mat logits) {
        input = h;
        kernels.matmul().gemm(h, false, weight.value(), tied, logits, 1.0, 0.0);
        kernels.elementwise().addRowVector(logits, bias.value());
    }

    /** dLogits (N, V) -> dh (N, D), overwritten; accumulates dW (or the tied table) and db. */
    public void backward(Mat dLogits, Mat dh) {
        if (tied) {
            kernels.matmul().gemm(dLogits, true, input, false, weight.grad(), 1.0, 1.0);
        } else {
            kernels.matmul().gemm(input, true, dLogits, false, weight.grad(), 1.0, 1.0);
        }
        kernels.elementwise().accumulateColumnSums(dLogits, bias.grad());
        kernels.matmul().gemm(dLogits, false, weight.value(), !tied, dh, 1.0, 0.0);
    }

    public int vocabSize() {
        return bias.cols();
    }
}
