package io.ordo.model;

/**
 * Per-term loss values of one batch (nats per target token). {@code mtp} sums the extra heads'
 * cross-entropies; {@code total} = ntp + top + mtp is what the gradient is of.
 */
public record Losses(double ntp, double top, double mtp, double total) {
}
