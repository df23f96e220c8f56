package io.ordo.actors.distributed;

import io.aeron.Aeron;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.train.GradientExchange;
import io.ordo.protocol.allreduce.AeronConfig;
import io.ordo.protocol.allreduce.BucketPlan;
import io.ordo.protocol.allreduce.RingAllReduce;
import io.ordo.protocol.allreduce.RingChannels;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import io.ordo.model.Losses;
import java.nio.ByteBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Data-parallel gradient averaging over an Aeron {@link RingAllReduce}: the flat fp32 gradient
 * buffer of a {@link ParameterStore} is summed in place across the ring (an {@link UnsafeBuffer}
 * over the ND4J buffer's native address, no copy), then divided by the world size. The ring sums in
 * a fixed order and every rank divides the same bits, so every rank ends with identical gradients.
 *
 * <p>{@link #broadcastFromRankZero} makes every rank's arrays equal to rank 0's (parameters at the
 * start, optimizer moments after a resume): ranks other than 0 contribute zeros to an all-reduce,
 * and {@code x + 0 + ... + 0 == x} exactly.
 *
 * <p>Not thread-safe: call from the trainer's thread only. Throws
 * {@link io.ordo.protocol.allreduce.RingTimeoutException} when a neighbour stays silent longer than
 * the exchange timeout; the exchange is then broken and the ring must be re-formed.
 */
public final class AeronGradientExchange implements GradientExchange, AutoCloseable {
    /** Bucket ids of broadcasts start here, above any gradient bucket. */
    static final int BROADCAST_BUCKET_BASE = 1 << 20;
    /** Bucket id of the per-step losses, between the gradient buckets and the broadcasts. */
    static final int LOSS_BUCKET = BROADCAST_BUCKET_BASE - 1;

    private final RingAllReduce ring;
    private final BucketPlan plan;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    /** ntp, top, mtp, total of this rank, summed over the ring in place (fp32, as on the wire). */
    private final UnsafeBuffer losses = new UnsafeBuffer(ByteBuffer.allocateDirect(4 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN));
    private long broadcasts;

    /**
     * @param ring the ring this rank belongs to (owned: closed by {@link #close()})
     * @param plan buckets of the flat gradient, or null to exchange it as one bucket
     */
    public AeronGradientExchange(RingAllReduce ring, BucketPlan plan) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("the ring's wire format is little-endian fp32; this platform is big-endian");
        }
        this.ring = ring;
        this.plan = plan;
    }

    /**
     * Joins a ring (all ranks concurrently) and wraps it.
     *
     * @see RingAllReduce#create(Aeron, int, RingChannels, AeronConfig)
     */
    public static AeronGradientExchange join(Aeron aeron, int rank, RingChannels channels, AeronConfig config) {
        return new AeronGradientExchange(RingAllReduce.create(aeron, rank, channels, config), null);
    }

    /** @return this rank */
    public int rank() {
        return ring.rank();
    }

    @Override
    public int replicas() {
        return ring.worldSize();
    }

    /** Sums {@code store.grads()} over the ring in place and divides by the world size. */
    @Override
    public void average(long step, ParameterStore store) {
        int n = ring.worldSize();
        if (n == 1) {
            return;
        }
        INDArray grads = store.grads();
        int size = store.size();
        wrap(grads, size);
        if (plan == null) {
            ring.allReduce(step, 0, view, 0, size);
        } else {
            if (plan.totalElements() != size) {
                throw new IllegalArgumentException("bucket plan covers " + plan.totalElements()
                        + " elements, the gradient has " + size);
            }
            ring.allReduce(step, view, plan);
        }
        grads.divi(n);
    }

    /**
     * {@link #average(long, ParameterStore)}, then the mean of the ranks' losses over the ring (one
     * more all-reduce of four fp32 values, same fixed order on every rank): the whole global batch's
     * loss, the same on every rank, to fp32 precision.
     */
    @Override
    public Losses average(long step, ParameterStore store, Losses local) {
        average(step, store);
        int n = ring.worldSize();
        if (n == 1) {
            return local;
        }
        losses.putFloat(0, (float) local.ntp(), ByteOrder.LITTLE_ENDIAN);
        losses.putFloat(4, (float) local.top(), ByteOrder.LITTLE_ENDIAN);
        losses.putFloat(8, (float) local.mtp(), ByteOrder.LITTLE_ENDIAN);
        losses.putFloat(12, (float) local.total(), ByteOrder.LITTLE_ENDIAN);
        ring.allReduce(step, LOSS_BUCKET, losses, 0, 4);
        return new Losses(mean(0, n), mean(4, n), mean(8, n), mean(12, n));
    }

    private double mean(int offset, int n) {
        return (double) losses.getFloat(offset, ByteOrder.LITTLE_ENDIAN) / n;
    }

    /**
     * Overwrites each array on every rank with rank 0's contents. Every rank must call this with the
     * same number of arrays of the same lengths, in the same order relative to {@link #average}.
     *
     * @param arrays contiguous fp32 arrays that own their buffers (parameters, Adam moments)
     */
    public void broadcastFromRankZero(INDArray... arrays) {
        if (ring.worldSize() == 1) {
            return;
        }
        long tag = -1 - broadcasts++;
        for (int i = 0; i < arrays.length; i++) {
            INDArray a = arrays[i];
            if (ring.rank() != 0) {
                a.assign(0);
            }
            wrap(a, (int) a.length());
            ring.allReduce(tag, BROADCAST_BUCKET_BASE + i, view, 0, (int) a.length());
        }
    }

    /**
     * Every rank gets rank 0's {@code values} (a resume step, a data cursor): each long travels as
     * four 16-bit pieces, which fp32 holds exactly.
     *
     * @return rank 0's values (on rank 0, {@code values} itself)
     */
    public long[] broadcastLongsFromRankZero(long... values) {
        if (ring.worldSize() == 1) {
            return values;
        }
        INDArray carrier = Nd4j.create(DataType.FLOAT, Math.max(1, values.length * 4));
        if (ring.rank() == 0) {
            for (int i = 0; i < values.length; i++) {
                for (int p = 0; p < 4; p++) {
                    carrier.putScalar(4L * i + p, (float) ((values[i] >>> (16 * p)) & 0xFFFF));
                }
            }
        }
        broadcastFromRankZero(carrier);
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            for (int p = 0; p < 4; p++) {
                out[i] |= ((long) carrier.getFloat(4L * i + p)) << (16 * p);
            }
        }
        return out;
    }

    private void wrap(INDArray flat, int elements) {
        if (flat.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("the ring exchanges fp32; got " + flat.dataType());
        }
        if (flat.isView() || flat.offset() != 0 || flat.length() < elements) {
            throw new IllegalArgumentException("need the owning flat array of at least " + elements + " floats");
        }
        long address = flat.data().address();
        if (view.addressOffset() != address || view.capacity() != elements * Float.BYTES) {
            view.wrap(address, elements * Float.BYTES);
        }
    }

    /** Closes the ring's publication and subscription (not the Aeron client). */
    @Override
    public void close() {
        ring.close();
    }
}
