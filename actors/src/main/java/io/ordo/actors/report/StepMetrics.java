package io.ordo.actors.report;

/**
 * One optimizer step as reported by a trainer: losses per term (nats per target token), learning
 * rate, gradient norm before clipping, whether the update was skipped (non-finite gradient), and
 * the step's wall time (forward, backward, exchange, update), and how long the worker waited for
 * the step's batch before it ({@code dataWaitSeconds}: the data pipeline's share of the time).
 */
public record StepMetrics(long step, double loss, double ntp, double top, double mtp, double lr, double gradNorm,
                          boolean skipped, int tokens, double seconds, double dataWaitSeconds) {

    /** A step's metrics with no data wait measured. */
    public StepMetrics(long step, double loss, double ntp, double top, double mtp, double lr, double gradNorm,
                       boolean skipped, int tokens, double seconds) {
        this(step, loss, ntp, top, mtp, lr, gradNorm, skipped, tokens, seconds, 0);
    }

    /** The share of this step's wall time spent waiting for its batch, in [0, 1]. */
    public double dataWaitShare() {
        double total = seconds + dataWaitSeconds;
        return total > 0 ? dataWaitSeconds / total : 0;
    }
}
