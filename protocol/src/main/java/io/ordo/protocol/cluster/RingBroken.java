package io.ordo.protocol.cluster;

/**
 * A rank's gradient exchange of ring {@code epoch} failed (a neighbour was silent past the exchange
 * timeout, or the ring did not form); it waits for the next {@link RingFormed}.
 *
 * @param epoch  the ring that broke
 * @param rank   the reporting rank in that ring
 * @param reason the failure, for the log
 */
public record RingBroken(long epoch, int rank, String reason) implements CoordinatorMessage {
}
