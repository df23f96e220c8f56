package io.ordo.actors;

/**
 * One optimizer step as reported by a trainer: losses per term (nats per target token), learning
 * rate, gradient norm before clipping, whether the update was skipped (non-finite gradient), and
 * the step's wall time.
 */
public record StepMetrics(long step, double loss, double ntp, double top, double mtp, double lr, double gradNorm,
                          boolean skipped, int tokens, double seconds) {
}
