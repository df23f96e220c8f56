package io.ordo.model.param;

/** How a parameter starts: GPT-2 style normal(0, 0.02) weights, zero biases, unit LayerNorm gains. */
public enum Init {
    NORMAL,
    ZEROS,
    ONES
}
