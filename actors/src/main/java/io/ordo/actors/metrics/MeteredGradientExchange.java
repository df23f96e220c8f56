package io.ordo.actors.metrics;

import io.ordo.model.Losses;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.train.ForwardingGradientExchange;
import io.ordo.model.train.GradientExchange;

/**
 * A {@link GradientExchange} that records each gradient sum's buffer size and wall time as
 * {@code ordo_allreduce_bytes_total} and {@code ordo_allreduce_duration_seconds}; the other calls
 * pass through unrecorded. With an overlapped exchange ({@link GradientExchange#overlapped}) the
 * duration is what the step waited in {@link #sum}, not the buckets already summed during backward.
 */
public final class MeteredGradientExchange extends ForwardingGradientExchange {
    private final AllReduceMetrics metrics;

    public MeteredGradientExchange(GradientExchange inner, AllReduceMetrics metrics) {
        super(inner);
        this.metrics = metrics;
    }

    @Override
    public Losses sum(long step, ParameterStore store, Losses partial) {
        long t0 = System.nanoTime();
        Losses sum = super.sum(step, store, partial);
        metrics.record((long) store.size() * store.dataType().width(), System.nanoTime() - t0);
        return sum;
    }
}
