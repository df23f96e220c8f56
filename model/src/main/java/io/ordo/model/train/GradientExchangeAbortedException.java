package io.ordo.model.train;

/**
 * The exchange was aborted, by a replica that failed or timed out or by its owner, so no replica
 * can complete a step through it any more; the cause says why. Create a new exchange to go on.
 */
public final class GradientExchangeAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GradientExchangeAbortedException(int rank, long step, Throwable cause) {
        super("gradient exchange aborted (rank " + rank + ", step " + step + "): " + cause.getMessage(), cause);
    }
}
