package io.ordo.actors.metrics;

import io.ordo.model.Losses;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.train.GradientExchange;

/**
 * A {@link GradientExchange} that records each exchange's buffer size and wall time as
 * {@code ordo_allreduce_bytes_total} and {@code ordo_allreduce_duration_seconds}.
 */
public final class MeteredGradientExchange implements GradientExchange {
    private final GradientExchange inner;
    private final AllReduceMetrics metrics;

    public MeteredGradientExchange(GradientExchange inner, AllReduceMetrics metrics) {
        this.inner = inner;
        this.metrics = metrics;
    }

    @Override
    public void average(long step, ParameterStore store) {
        long t0 = System.nanoTime();
        inner.average(step, store);
        metrics.record((long) store.size() * store.dataType().width(), System.nanoTime() - t0);
    }

    @Override
    public Losses average(long step, ParameterStore store, Losses local) {
        long t0 = System.nanoTime();
        Losses mean = inner.average(step, store, local);
        metrics.record((long) store.size() * store.dataType().width(), System.nanoTime() - t0);
        return mean;
    }

    @Override
    public int replicas() {
        return inner.replicas();
    }
}
