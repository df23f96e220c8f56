package io.ordo.model.train;

import io.ordo.model.Losses;
import io.ordo.model.param.GradientReadiness;
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
 *       ({@link io.ordo.model.Gpt#forwardBackward(io.ordo.core.batch.TokenBatch, long[])}): its loss and
 *       gradient are its share of the global token-weighted mean;</li>
 *   <li>calls {@link #sum}: the shares add up to the global batch's loss and gradient, the same bits
 *       on every replica, so identical optimizers keep identical parameters.</li>
 * </ol>
 *
 * <p>Overlap (optional, PyTorch DDP-style): an exchange may start summing parts of the gradient
 * while backward still runs. {@link Trainer#step} asks {@link #overlapped} for a
 * {@link GradientReadiness} between steps 1 and 2, hands it to backward, which reports each range
 * of the flat gradient as soon as it is final, and then calls {@link #sum} as usual, which waits
 * for what is still in flight. If backward fails in between, it calls {@link #abandon} instead of
 * {@link #sum}. An exchange without overlap returns {@link GradientReadiness#NONE} and does all
 * the work in {@link #sum}, as before. Overlap must not change the result: {@link #sum}'s
 * gradient is the same bits with it or without it.
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
        public long[] sumLongs(long... values) {
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
     * Starts {@code step}'s gradient sum, to run while backward fills {@code store.grads()}: returns
     * what backward tells each final gradient range to (see {@link GradientReadiness}); the caller
     * then calls {@link #sum} for the same step and store (or {@link #abandon} when backward failed),
     * before any other call. An exchange may start exchanging a reported range at once, on another
     * thread, so backward must not touch a range after reporting it. Without overlap (the default)
     * this returns {@link GradientReadiness#NONE}, and {@link #sum} does all the work.
     */
    default GradientReadiness overlapped(long step, ParameterStore store) {
        return GradientReadiness.NONE;
    }

    /**
     * Gives up {@code step}'s overlapped sum, whose backward failed (so {@link #sum} is not called
     * for it): stops whatever {@link #overlapped} started without waiting for the other replicas.
     * The replicas are out of step afterwards, so an exchange that started anything is broken
     * (its later calls fail). Nothing to do by default.
     *
     * @param cause why backward failed
     */
    default void abandon(long step, Throwable cause) {
    }

    /**
     * Overwrites each array on every replica with replica 0's contents. Every replica passes the same
     * number of arrays, of the same lengths and types, in the same order.
     */
    void broadcastFromRankZero(INDArray... arrays);

    /**
     * The exact sum (mod 2^64) over all replicas of each replica's {@code values} (same length on
     * every replica), on every replica: a gather when each replica fills only its own part (e.g. the
     * positions of the live-data lanes it reads).
     */
    long[] sumLongs(long... values);

    /** Replica 0's {@code values}, on every replica (a resume step, a data cursor). */
    default long[] broadcastLongsFromRankZero(long... values) {
        return sumLongs(rank() == 0 ? values : new long[values.length]);
    }

    /** This replica's rank, 0 .. {@link #replicas()} - 1. */
    int rank();

    /** How many replicas take part. */
    int replicas();
}
