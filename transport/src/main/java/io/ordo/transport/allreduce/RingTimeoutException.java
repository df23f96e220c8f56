package io.ordo.transport.allreduce;

/**
 * A ring neighbour stayed silent (nothing received from the previous rank and nothing accepted by
 * the next) for longer than {@link AeronConfig#exchangeTimeout()}, or the ring did not form within
 * {@link AeronConfig#connectTimeout()}. The {@link RingAllReduce} that threw is broken: close it and
 * form a new ring (the coordinator's job), then resume from the last checkpoint.
 */
public final class RingTimeoutException extends RuntimeException {
    private final int rank;
    private final long step;

    /**
     * @param message what was waited for, with rank, step and progress
     * @param rank the rank that gave up
     * @param step the training step of the exchange, or -1 while forming the ring
     */
    public RingTimeoutException(String message, int rank, long step) {
        super(message);
        this.rank = rank;
        this.step = step;
    }

    /** @return the rank that gave up */
    public int rank() {
        return rank;
    }

    /** @return the training step of the exchange, or -1 while forming the ring */
    public long step() {
        return step;
    }
}
