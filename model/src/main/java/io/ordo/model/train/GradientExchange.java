package io.ordo.model.train;

import io.ordo.model.Losses;
import io.ordo.model.param.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How data-parallel replicas agree on one gradient, exactly that of the whole (global) batch for any
 * split of its rows and any number of target tokens per row. Each step every replica:
 *
 * <ol>
 *   <li>counts its target tokens per loss term ({@link io.ordo.model.Gpt#targetCounts}) and calls
 *       {@link #sumCounts}: every replica gets the global batch's counts;</li>
 *   <li>runs forward and backward with every term normalised by its global count
 *       ({@link io.ordo.model.Gpt#forwardBackward(io.ordo.model.TokenBatch, long[])}): its loss and
 *       gradient are its share of the global token-weighted mean;</li>
 *   <li>calls {@link #sum}: the shares add up to the global batch's loss and gradient, the same bits
 *       on every replica, so identical optimizers keep identical parameters.</li>
 * </ol>
 *
 * <p>Every replica makes the same calls in the same order (the collectives here are barriers).
 * {@link #broadcastFromRankZero} and {@link #broadcastLongsFromRankZero} start every replica from
 * rank 0's state (parameters, optimizer moments, step, data cursor).
 */
public interface GradientExchange {
    /** One replica on its own: nothing to exchange. */
    GradientExchange NONE = new GradientExchange() {
        @Override
        public long[] sumCounts(long step, long[] local) {
            return local;
        }

        @Override
        public Losses sum(long step, ParameterStore store, Losses partial) {
            return partial;
        }

        @Override
        public void broadcastFromRankZero(INDArray... arrays) {
        }

        @Override
        public long[] broadcastLongsFromRankZero(long... values) {
            return values;
        }

        @Override
        public int rank() {
            return 0;
        }

        @Override
        public int replicas() {
            return 1;
        }
    };

    /**
     * The elementwise sum over all replicas of their {@code local} per-term target counts for
     * {@code step}, the same on every replica (with one replica, {@code local} itself).
     */
    long[] sumCounts(long step, long[] local);

    /**
     * Replaces {@code store.grads()} by the elementwise sum over all replicas of their gradients for
     * {@code step}, added in a fixed order so every replica holds the same bits, and returns the sum
     * of their {@code partial} losses (with one replica, {@code partial} itself).
     */
    Losses sum(long step, ParameterStore store, Losses partial);

    /**
     * Overwrites each array on every replica with replica 0's contents. Every replica passes the same
     * number of arrays, of the same lengths and types, in the same order.
     */
    void broadcastFromRankZero(INDArray... arrays);

    /** Replica 0's {@code values}, on every replica (a resume step, a data cursor). */
    long[] broadcastLongsFromRankZero(long... values);

    /** This replica's rank, 0 .. {@link #replicas()} - 1. */
    int rank();

    /** How many replicas take part. */
    int replicas();
}
