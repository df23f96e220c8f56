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

/**
 * The {@link GradientExchange} of data-parallel ranks over an Aeron {@link RingAllReduce}: the flat
 * fp32 gradient buffer of a {@link ParameterStore} is summed in place across the ring (an
 * {@link UnsafeBuffer} over the ND4J buffer's native address, no copy). The ring sums in a fixed
 * order, so every rank ends with identical gradients; the losses (four fp32 values) and the target
 * counts travel the same way, each as its own bucket of the step.
 *
 * <p>Counts and other longs travel as four 16-bit pieces each: a piece summed over at most
 * {@value #MAX_LONG_RANKS} ranks stays below 2^24, which fp32 holds exactly, so any long (mod 2^64)
 * sums exactly. {@link #broadcastFromRankZero} makes every rank's arrays equal to rank 0's
 * (parameters at the start, optimizer moments after a resume): ranks other than 0 contribute zeros
 * to an all-reduce, and {@code x + 0 + ... + 0 == x} exactly. All of this assumes the default fp32
 * wire ({@link AeronConfig#wireDtype()}); a 16-bit wire rounds counts, longs and broadcasts too.
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
    /** Bucket id of the per-step target counts, below the losses. */
    static final int COUNTS_BUCKET = BROADCAST_BUCKET_BASE - 2;
    /** The most ranks whose 16-bit pieces of a long sum exactly in fp32: 256 * 0xFFFF < 2^24. */
    static final int MAX_LONG_RANKS = 256;
    private static final int PIECES = Long.SIZE / 16;

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

    @Override
    public int rank() {
        return ring.rank();
    }

    @Override
    public int replicas() {
        return ring.worldSize();
    }

    /** Sums the ranks' counts over the ring (bucket {@link #COUNTS_BUCKET} of {@code step}), exactly. */
    @Override
    public long[] sumCounts(long step, long[] local) {
        return sumLongs(step, COUNTS_BUCKET, local);
    }

    /**
     * Sums {@code store.grads()} over the ring in place, then the ranks' losses (one more all-reduce
     * of four fp32 values, bucket {@link #LOSS_BUCKET}, the same fixed order on every rank): the whole
     * global batch's gradient and loss, the same on every rank, to fp32 precision.
     */
    @Override
    public Losses sum(long step, ParameterStore store, Losses partial) {
        if (ring.worldSize() == 1) {
            return partial;
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
        losses.putFloat(0, (float) partial.ntp(), ByteOrder.LITTLE_ENDIAN);
        losses.putFloat(4, (float) partial.top(), ByteOrder.LITTLE_ENDIAN);
        losses.putFloat(8, (float) partial.mtp(), ByteOrder.LITTLE_ENDIAN);
        losses.putFloat(12, (float) partial.total(), ByteOrder.LITTLE_ENDIAN);
        ring.allReduce(step, LOSS_BUCKET, losses, 0, 4);
        return new Losses(loss(0), loss(4), loss(8), loss(12));
    }

    private double loss(int offset) {
        return losses.getFloat(offset, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Overwrites each array on every rank with rank 0's contents. Every rank must call this with the
     * same number of arrays of the same lengths, in the same order relative to the other calls.
     *
     * @param arrays contiguous fp32 arrays that own their buffers (parameters, Adam moments)
     */
    @Override
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

    /** Every rank gets rank 0's {@code values} (a resume step, a data cursor), exactly. */
    @Override
    public long[] broadcastLongsFromRankZero(long... values) {
        return sumLongs(-1 - broadcasts++, BROADCAST_BUCKET_BASE, ring.rank() == 0 ? values : new long[values.length]);
    }

    /**
     * The sum over the ring of every rank's {@code values} (mod 2^64), as bucket {@code bucket} of
     * {@code tag}: each long as four 16-bit pieces; adding the summed pieces back up carries.
     */
    private long[] sumLongs(long tag, int bucket, long[] values) {
        int n = ring.worldSize();
        if (n == 1) {
            return values;
        }
        if (n > MAX_LONG_RANKS) {
            throw new IllegalStateException("longs sum exactly over at most " + MAX_LONG_RANKS
                    + " ranks; the ring has " + n);
        }
        int elements = Math.max(1, values.length * PIECES);
        UnsafeBuffer carrier = new UnsafeBuffer(new byte[elements * Float.BYTES]);
        for (int i = 0; i < values.length; i++) {
            for (int p = 0; p < PIECES; p++) {
                carrier.putFloat(Float.BYTES * (PIECES * i + p), (float) ((values[i] >>> (16 * p)) & 0xFFFF),
                        ByteOrder.LITTLE_ENDIAN);
            }
        }
        ring.allReduce(tag, bucket, carrier, 0, elements);
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            for (int p = 0; p < PIECES; p++) {
                out[i] += (long) carrier.getFloat(Float.BYTES * (PIECES * i + p), ByteOrder.LITTLE_ENDIAN) << (16 * p);
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
