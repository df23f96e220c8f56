package io.ordo.model.param;

/**
 * Told by a backward pass which parts of the flat gradient ({@link ParameterStore#grads()}) are
 * final, so a data-parallel exchange can start summing them while backward still runs (PyTorch
 * DDP's gradient buckets).
 *
 * <p>Contract of the model's side ({@code Gpt.forwardBackward(TokenBatch, long[], GradientReadiness)},
 * named, not linked, so that this package does not depend on the model's): within one forward/backward, every element of {@code [0, size)} is
 * reported exactly once, in ranges of the flat layout; once a range is reported, backward neither
 * writes nor reads its gradient elements again. The calls come from the thread that runs backward,
 * in an order that depends only on the model's structure (the same on every data-parallel replica),
 * roughly from the last layer to the first: heads, final norm, last block, ..., first block,
 * embeddings (with tied embeddings the token table also takes the head's gradient, so the embedding
 * range is reported last).
 */
@FunctionalInterface
public interface GradientReadiness {
    /** Ignores every report: the gradient is used only after backward returns. */
    GradientReadiness NONE = (from, to) -> {
    };

    /**
     * Gradient elements {@code [from, to)} are final for this backward.
     *
     * @param from first element, {@code 0 <= from <= to}
     * @param to   one past the last element, at most the store's size
     */
    void ready(int from, int to);
}
