package io.ordo.model.train;

import io.ordo.model.Losses;
import io.ordo.model.param.GradientReadiness;
import io.ordo.model.param.ParameterStore;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link GradientExchange} that passes every call to another one: extend it and override the
 * calls to observe (metering, timing), the rest keep the wrapped exchange's behaviour.
 */
public abstract class ForwardingGradientExchange implements GradientExchange {
    private final GradientExchange inner;

    protected ForwardingGradientExchange(GradientExchange inner) {
        this.inner = inner;
    }

    /** The wrapped exchange. */
    protected final GradientExchange inner() {
        return inner;
    }

    @Override
    public long[] sumCounts(long step, long[] local) {
        return inner.sumCounts(step, local);
    }

    @Override
    public Losses sum(long step, ParameterStore store, Losses partial) {
        return inner.sum(step, store, partial);
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
    public long[] sumLongs(long... values) {
        return inner.sumLongs(values);
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
