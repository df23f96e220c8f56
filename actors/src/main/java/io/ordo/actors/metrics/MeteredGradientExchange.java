package io.ordo.actors.metrics;

import io.ordo.model.Losses;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.train.GradientExchange;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link GradientExchange} that records each gradient sum's buffer size and wall time as
 * {@code ordo_allreduce_bytes_total} and {@code ordo_allreduce_duration_seconds}; the other calls
 * pass through unrecorded.
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
