package io.ordo.model.train;

import java.time.Duration;
import java.util.List;

/**
 * A replica waited longer than the exchange's timeout for the others to reach the same step: the
 * ranks named by {@link #missingRanks()} never arrived (dead, stuck, or far behind).
 */
public final class GradientExchangeTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Integer> missingRanks;

    public GradientExchangeTimeoutException(int rank, long step, Duration timeout, List<Integer> missingRanks) {
        super("gradient exchange: rank " + rank + " waited " + timeout.toMillis() + " ms at step " + step
                + " for rank(s) " + missingRanks + " that never arrived");
        this.missingRanks = List.copyOf(missingRanks);
    }

    /** The ranks that had not arrived when the wait timed out. */
    public List<Integer> missingRanks() {
        return missingRanks;
    }
}
