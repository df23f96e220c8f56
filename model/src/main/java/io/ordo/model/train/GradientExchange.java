package io.ordo.model.train;

import io.ordo.model.Losses;
import io.ordo.model.param.ParameterStore;

/**
 * How data-parallel replicas agree on one gradient: after each backward pass every replica calls
 * {@link #average} with its own gradients and returns with the mean over all replicas in place, the
 * same bits on every replica, so identical optimizers keep identical parameters.
 *
 * <p>The mean of per-replica means equals the gradient of one replica on the concatenated batch when
 * every replica's batch has the same number of target tokens (fixed-shape rows, as the batcher makes).
 */
public interface GradientExchange {
    /** One replica on its own: nothing to exchange. */
    GradientExchange NONE = new GradientExchange() {
        @Override
        public void average(long step, ParameterStore store) {
        }

        @Override
        public int replicas() {
            return 1;
        }
    };

    /** Replaces {@code store.grads()} by the mean over all replicas of their gradients for {@code step}. */
    void average(long step, ParameterStore store);

    /**
     * {@link #average(long, ParameterStore)} that also returns the mean over all replicas of their
     * {@code local} losses: the loss of the whole (concatenated) batch under the same condition as the
     * gradient. The default returns {@code local}, which is right for one replica; an exchange with
     * several replicas overrides it.
     */
    default Losses average(long step, ParameterStore store, Losses local) {
        average(step, store);
        return local;
    }

    /** How many replicas take part. */
    int replicas();
}
