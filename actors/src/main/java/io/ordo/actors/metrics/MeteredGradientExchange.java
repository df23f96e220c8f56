package io.ordo.actors.metrics;

import io.ordo.model.Losses;
import io.ordo.model.param.GradientReadiness;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.train.GradientExchange;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link GradientExchange} that records each gradient sum's buffer size and wall time as
 * {@code ordo_allreduce_bytes_total} and {@code ordo_allreduce_duration_seconds}; the other calls
 * pass through unrecorded. With an overlapped exchange ({@link GradientExchange#overlapped}) the
 * duration is what the step waited in {@link #sum}, not the buckets already summed during backward.
 */
public final class MeteredGradientExchange implements GradientExchange {
    private final GradientExchange inner;
    private final AllReduceMetrics metrics;

    public MeteredGradientExchange(GradientExchange inner, AllReduceMetrics metrics) {
        this.inner = inner;
        this.metrics = metrics;
    }

    @Override
    public long[] sumCounts(long step, long[] local) {
        return inner.sumCounts(step, local);
    }

    @Override
    public Losses sum(long step, ParameterStore store, Losses partial) {
        long t0 = System.nanoTime();
        Losses sum = inner.sum(step, store, partial);
        metrics.record((long) store.size() * store.dataType().width(), System.nanoTime() - t0);
        return sum;
    }

    @Override
    public GradientReadiness overlapped(long step, ParameterStore store) {
        return inner.overlapped(step, store);
    }

    @Override
    public void abandon(long step, Throwable cause) {
        inner.abandon(step, cause);
    }

    @Override
    public void broadcastFromRankZero(INDArray... arrays) {
        inner.broadcastFromRankZero(arrays);
    }

    @Override
    public long[] broadcastLongsFromRankZero(long... values) {
        return inner.broadcastLongsFromRankZero(values);
    }

    @Override
    public int rank() {
        return inner.rank();
    }

    @Override
    public int replicas() {
        return inner.replicas();
    }
}
