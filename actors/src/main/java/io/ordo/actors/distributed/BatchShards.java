package io.ordo.actors.distributed;

import io.ordo.model.TokenBatch;

/**
 * A rank's share of a global batch: rows {@code [rank * B / world, (rank + 1) * B / world)}. Every
 * rank reads the same global batch stream (same seed, same cursor) and trains on its rows, so the
 * summed gradient is that of the whole batch (see {@link io.ordo.model.train.GradientExchange}).
 */
public final class BatchShards {
    private BatchShards() {
    }

    /** @return this rank's rows of {@code b}, with their masks and TOP targets */
    public static TokenBatch shard(TokenBatch b, int rank, int world) {
        if (world == 1) {
            return b;
        }
        if (b.rows() < world) {
            throw new IllegalArgumentException("batch of " + b.rows() + " rows cannot be split over " + world + " ranks");
        }
        int from = rank * b.rows() / world;
        int to = (rank + 1) * b.rows() / world;
        return b.rows(from, to - from);
    }
}
