package io.ordo.model.generate;

/**
 * How the next token is drawn from a row of logits (one typed config, validated).
 *
 * @param temperature logits are divided by it before the softmax; 0 means greedy argmax
 *                    (default 1.0)
 * @param topK        draw only among the k highest logits (ties broken towards the lower id);
 *                    0 turns it off, 1 is greedy, and k at or above the vocabulary size acts as
 *                    off (default 0)
 */
public record Sampling(double temperature, int topK) {

    public static final double DEFAULT_TEMPERATURE = 1.0;
    public static final int DEFAULT_TOP_K = 0;

    public Sampling {
        if (!(temperature >= 0.0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("temperature must be finite and >= 0 (0 = greedy), got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 = off), got " + topK);
        }
    }

    /** Plain softmax sampling at temperature 1, no top-k. */
    public static Sampling defaults() {
        return new Sampling(DEFAULT_TEMPERATURE, DEFAULT_TOP_K);
    }

    /** Always the argmax. */
    public static Sampling greedy() {
        return new Sampling(0.0, DEFAULT_TOP_K);
    }

    /** Whether the draw is deterministic: temperature 0 or top-k 1. */
    public boolean isGreedy() {
        return temperature == 0.0 || topK == 1;
    }

    public Sampling withTemperature(double t) {
        return new Sampling(t, topK);
    }

    public Sampling withTopK(int k) {
        return new Sampling(temperature, k);
    }
}
