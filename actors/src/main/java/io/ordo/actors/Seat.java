package io.ordo.actors;

import io.ordo.model.train.GradientExchange;

/**
 * One trainer worker's place in one start of its node's workers: the gradient exchange it joins,
 * and whom it tells how that went. In one JVM ({@code ordo train}) every start is a fresh in-JVM
 * exchange; on a launched node it is the worker's seat in the coordinator's newest Aeron ring. The
 * worker's loop ({@link TrainerActor}) is the same either way.
 */
public interface Seat {
    /** Ring epoch of this seat; 0 for an in-JVM exchange. */
    long epoch();

    /** This worker's index among its node's workers (0 reports the node's step metrics). */
    int local();

    /** Joins the exchange, on the worker's own thread; may block until every member has joined. */
    GradientExchange join();

    /**
     * This worker failed or stopped before the last step: release the other members (in one JVM)
     * or report the ring broken (launched). A no-op after {@link #finished}.
     */
    void abort(Throwable cause);

    /** Throws if a newer assignment replaced this seat (checked between steps). */
    void checkCurrent();

    /** This worker trained the last step. */
    void finished(long step);

    /** Releases what {@link #join} took (the worker stopped). */
    void close();
}
