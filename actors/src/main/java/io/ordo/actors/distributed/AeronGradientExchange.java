package io.ordo.actors.distributed;

import io.aeron.Aeron;
import io.ordo.model.Losses;
import io.ordo.model.param.GradientReadiness;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.train.GradientExchange;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.transport.allreduce.BucketPlan;
import io.ordo.transport.allreduce.RingAllReduce;
import io.ordo.transport.allreduce.RingChannels;
import io.ordo.transport.allreduce.RingTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.agrona.concurrent.UnsafeBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link GradientExchange} of data-parallel ranks over an Aeron {@link RingAllReduce}: the flat
 * fp32 gradient buffer of a {@link ParameterStore} is summed in place across the ring (an
 * {@link UnsafeBuffer} over the ND4J buffer's native address, no copy). The ring sums in a fixed
 * order, so every rank ends with identical gradients; the losses (four fp32 values) and the target
 * counts travel the same way, each as its own bucket of the step.
 *
 * <p>The gradient is summed in buckets ({@link BucketPlan}: an explicit plan, or
 * {@link BucketPlan#fromEnd} buckets of {@link AeronConfig#bucketBytes()}); bucket b is an
 * all-reduce of its own with bucket id b, whose summation order depends only on its bounds.
 * <b>Overlap</b> ({@link AeronConfig#overlap()}, PyTorch DDP-style): {@link #overlapped} starts a
 * step on this exchange's communication thread, which owns the ring until {@link #sum}: backward
 * reports final gradient ranges on the trainer's thread, a bucket is handed over as soon as all of
 * it is final, and the communication thread all-reduces the buckets in the order they were handed
 * over (the model's backward order, the same on every rank; any rank's buckets not reported by
 * then are handed over in {@link #sum}, from the last to the first). {@link #sum} then waits only
 * for the buckets still in flight and sums the losses on the trainer's thread. Each bucket is the
 * same exchange as without overlap, so the gradient is bit-identical with overlap on or off (for
 * the same buckets); all ranks must use the same setting, or the ring times out. Without overlap
 * {@link #sum} all-reduces the buckets in order on the caller's thread after backward.
 *
 * <p>Counts and other longs travel as four 16-bit pieces each: a piece summed over at most
 * {@value #MAX_LONG_RANKS} ranks stays below 2^24, which fp32 holds exactly, so any long (mod 2^64)
 * sums exactly. {@link #broadcastFromRankZero} makes every rank's arrays equal to rank 0's
 * (parameters at the start, optimizer moments after a resume): ranks other than 0 contribute zeros
 * to an all-reduce, and {@code x + 0 + ... + 0 == x} exactly. All of this assumes the default fp32
 * wire ({@link AeronConfig#wireDtype()}); a 16-bit wire rounds counts, longs and broadcasts too.
 *
 * <p>Not thread-safe: call from the trainer's thread only (the communication thread is internal).
 * Throws {@link RingTimeoutException} when a neighbour stays silent longer than the exchange timeout
 * (with overlap, from {@link #sum}, with the communication thread's exception as its cause); the
 * exchange is then broken and the ring must be re-formed.
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
    /** The caller's plan, or null: {@link BucketPlan#fromEnd} of {@link #bucketBytes}. */
    private final BucketPlan fixedPlan;
    private final int bucketBytes;
    private final boolean overlap;
    /** The plan of the last gradient size seen. */
    private BucketPlan plan;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    /** Started by the first overlapped step. */
    private Overlap comm;
    /** ntp, top, mtp, total of this rank, summed over the ring in place (fp32, as on the wire). */
    private final UnsafeBuffer losses = new UnsafeBuffer(ByteBuffer.allocateDirect(4 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN));
    private long broadcasts;

    /**
     * Without overlap.
     *
     * @param ring the ring this rank belongs to (owned: closed by {@link #close()})
     * @param plan buckets of the flat gradient, or null to exchange it as one bucket
     */
    public AeronGradientExchange(RingAllReduce ring, BucketPlan plan) {
        this(ring, plan, 0, false);
    }

    /**
     * @param ring        the ring this rank belongs to (owned: closed by {@link #close()})
     * @param bucketBytes bytes per gradient bucket, counted back from the end ({@link BucketPlan#fromEnd});
     *                    0: one bucket
     * @param overlap     sum buckets while backward runs (see the class comment)
     */
    public AeronGradientExchange(RingAllReduce ring, int bucketBytes, boolean overlap) {
        this(ring, null, bucketBytes, overlap);
    }

    private AeronGradientExchange(RingAllReduce ring, BucketPlan plan, int bucketBytes, boolean overlap) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("the ring's wire format is little-endian fp32; this platform is big-endian");
        }
        if (bucketBytes < 0) {
            throw new IllegalArgumentException("bucketBytes must be >= 0, got " + bucketBytes);
        }
        this.ring = ring;
        this.fixedPlan = plan;
        this.bucketBytes = bucketBytes;
        this.overlap = overlap;
    }

    /**
     * Joins a ring (all ranks concurrently) and wraps it, with the config's buckets and overlap.
     *
     * @see RingAllReduce#create(Aeron, int, RingChannels, AeronConfig)
     */
    public static AeronGradientExchange join(Aeron aeron, int rank, RingChannels channels, AeronConfig config) {
        return join(aeron, rank, channels, config, new LongAdder());
    }

    /**
     * Joins a ring (all ranks concurrently) and wraps it, with the config's buckets and overlap,
     * counting the chunks it drops for another ring's identity in {@code rejected}.
     *
     * @see RingAllReduce#create(Aeron, int, RingChannels, AeronConfig, LongAdder)
     */
    public static AeronGradientExchange join(Aeron aeron, int rank, RingChannels channels, AeronConfig config,
                                             LongAdder rejected) {
        return new AeronGradientExchange(RingAllReduce.create(aeron, rank, channels, config, rejected),
                config.bucketBytes(), config.overlap());
    }

    /** Whether {@link #overlapped} starts steps on the communication thread (with more than one rank). */
    public boolean overlaps() {
        return overlap && ring.worldSize() > 1;
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
        requireNoOpenStep("sumCounts");
        return sumLongs(step, COUNTS_BUCKET, local);
    }

    /**
     * With overlap, hands the communication thread this step's buckets as backward finishes them
     * (see the class comment); {@link #sum} must follow for the same step and store (or
     * {@link #abandon} when backward failed). Without overlap, or with one rank,
     * {@link GradientReadiness#NONE}.
     */
    @Override
    public GradientReadiness overlapped(long step, ParameterStore store) {
        if (!overlaps()) {
            return GradientReadiness.NONE;
        }
        requireNoOpenStep("overlapped");
        BucketPlan buckets = plan(store.size());
        if (comm == null) {
            comm = new Overlap();
        }
        comm.begin(step, store, buckets);
        return comm;
    }

    /** Gives up an overlapped step whose backward failed: aborts the ring (it is broken from now on). */
    @Override
    public void abandon(long step, Throwable cause) {
        if (comm != null && comm.openStep(step)) {
            comm.abandon();
        }
    }

    /**
     * Sums {@code store.grads()} over the ring in place, bucket by bucket (with overlap: waits for
     * the buckets that the communication thread has not summed yet), then the ranks' losses (one more
     * all-reduce of four fp32 values, bucket {@link #LOSS_BUCKET}, the same fixed order on every
     * rank): the whole global batch's gradient and loss, the same on every rank, to fp32 precision.
     */
    @Override
    public Losses sum(long step, ParameterStore store, Losses partial) {
        if (ring.worldSize() == 1) {
            return partial;
        }
        if (comm != null && comm.open()) {
            comm.finish(step, store);
        } else {
            int size = store.size();
            BucketPlan buckets = plan(size);
            wrap(store.grads(), size);
            ring.allReduce(step, view, buckets);
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
        requireNoOpenStep("broadcastFromRankZero");
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
    public long[] sumLongs(long... values) {
        requireNoOpenStep("sumLongs");
        return sumLongs(-1 - broadcasts++, BROADCAST_BUCKET_BASE, values);
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

    /** The buckets of a gradient of {@code size} elements. */
    private BucketPlan plan(int size) {
        if (fixedPlan != null) {
            if (fixedPlan.totalElements() != size) {
                throw new IllegalArgumentException("bucket plan covers " + fixedPlan.totalElements()
                        + " elements, the gradient has " + size);
            }
            return fixedPlan;
        }
        if (plan == null || plan.totalElements() != size) {
            BucketPlan p = BucketPlan.fromEnd(size, bucketBytes);
            if (p.buckets() > COUNTS_BUCKET) {
                throw new IllegalArgumentException(p.buckets() + " buckets of " + bucketBytes + " bytes: bucket ids"
                        + " must stay below " + COUNTS_BUCKET + "; use larger buckets");
            }
            plan = p;
        }
        return plan;
    }

    private void requireNoOpenStep(String call) {
        if (comm != null && comm.open()) {
            throw new IllegalStateException("rank " + ring.rank() + ": " + call + " while step " + comm.step
                    + "'s overlapped gradient sum is open (call sum or abandon first)");
        }
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

    /**
     * What the last overlapped step did (for benchmarks and tests).
     *
     * @param buckets       gradient buckets of the step
     * @param handedEarly   buckets handed to the communication thread during backward (the rest in sum)
     * @param summedEarly   buckets already summed when sum was called
     * @param waitNanos     how long sum waited for the communication thread
     */
    public record OverlapStats(int buckets, int handedEarly, int summedEarly, long waitNanos) {
    }

    /** @return the last overlapped step's figures, or null before the first */
    public OverlapStats lastOverlap() {
        return comm == null ? null : comm.stats;
    }

    /**
     * Stops the communication thread (aborting an all-reduce it is in, if any), then closes the
     * ring's publication and subscription (not the Aeron client).
     */
    @Override
    public void close() {
        if (comm != null && !comm.stop()) {
            throw new IllegalStateException("rank " + ring.rank() + ": the communication thread did not stop;"
                    + " the ring is left open rather than closed under it");
        }
        ring.close();
    }

    /**
     * The communication thread and the state of the step it works on. The trainer's thread calls
     * {@link #begin}, {@link #ready} (from backward), then {@link #finish} or {@link #abandon}; the
     * communication thread takes the handed-over buckets in order. {@link #lock} guards the handover
     * and gives the happens-before edges between the gradient writes of backward and the
     * all-reduce, and between the all-reduce and the trainer's use of the ring and gradient after.
     */
    private final class Overlap implements GradientReadiness {
        private static final long POLL_MS = 100;
        private final Object lock = new Object();
        private final Thread thread;
        private final UnsafeBuffer grads = new UnsafeBuffer(0, 0);
        // trainer thread only
        private long step = -1;
        private ParameterStore store;
        private BucketPlan buckets;
        private int[] missing = new int[0];
        private boolean[] handed = new boolean[0];
        private int handedEarly;
        private OverlapStats stats;
        // guarded by lock
        private boolean open;
        private boolean stopping;
        private boolean inFlight;
        private int[] order = new int[0];
        private int handedOver;
        private int taken;
        private int summed;
        private Throwable failure;

        Overlap() {
            thread = new Thread(this::run, "ordo-allreduce-rank-" + ring.rank());
            thread.setDaemon(true);
            thread.start();
        }

        boolean open() {
            synchronized (lock) {
                return open;
            }
        }

        boolean openStep(long s) {
            return open() && step == s;
        }

        void begin(long s, ParameterStore st, BucketPlan plan) {
            int n = plan.buckets();
            wrap(st.grads(), st.size());
            grads.wrap(view.addressOffset(), view.capacity());
            step = s;
            store = st;
            buckets = plan;
            if (missing.length != n) {
                missing = new int[n];
                handed = new boolean[n];
            }
            for (int b = 0; b < n; b++) {
                missing[b] = plan.length(b);
                handed[b] = false;
            }
            handedEarly = 0;
            synchronized (lock) {
                if (order.length != n) {
                    order = new int[n];
                }
                handedOver = 0;
                taken = 0;
                summed = 0;
                failure = null;
                open = true;
            }
        }

        /** Backward's report, on the trainer's thread: hands over every bucket it completes, last first. */
        @Override
        public void ready(int from, int to) {
            if (from >= to) {
                return;
            }
            if (from < 0 || to > buckets.totalElements()) {
                throw new IllegalArgumentException("range [" + from + ", " + to + ") outside the gradient of "
                        + buckets.totalElements() + " elements");
            }
            int first = buckets.bucketOf(from);
            int last = buckets.bucketOf(to - 1);
            for (int b = first; b <= last; b++) {
                int lo = Math.max(from, buckets.offset(b));
                int hi = Math.min(to, buckets.offset(b) + buckets.length(b));
                missing[b] -= hi - lo;
                if (missing[b] < 0) {
                    throw new IllegalStateException("gradient range [" + from + ", " + to + ") reported twice");
                }
            }
            for (int b = last; b >= first; b--) {
                if (missing[b] == 0 && !handed[b]) {
                    handOver(b);
                    handedEarly++;
                }
            }
        }

        private void handOver(int b) {
            handed[b] = true;
            synchronized (lock) {
                order[handedOver++] = b;
                lock.notifyAll();
            }
        }

        /** In sum: hands over what is left, waits for every bucket; throws the communication thread's failure. */
        void finish(long s, ParameterStore st) {
            if (s != step || st != store) {
                throw new IllegalStateException("rank " + ring.rank() + ": sum of step " + s + " while step " + step
                        + "'s overlapped sum is open" + (st != store ? " (on another parameter store)" : ""));
            }
            int summedEarly;
            synchronized (lock) {
                summedEarly = summed;
            }
            for (int b = buckets.buckets() - 1; b >= 0; b--) {
                if (!handed[b]) {
                    handOver(b);
                }
            }
            long t0 = System.nanoTime();
            Throwable failed;
            synchronized (lock) {
                try {
                    while (summed < buckets.buckets() && failure == null) {
                        lock.wait(POLL_MS);
                        if (failure == null && !thread.isAlive()) {
                            failure = new IllegalStateException("the communication thread has died");
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IllegalStateException("interrupted while waiting for the gradient sum", e);
                    ring.abort();
                    awaitIdle();
                }
                failed = failure;
                open = false;
            }
            stats = new OverlapStats(buckets.buckets(), handedEarly, summedEarly, System.nanoTime() - t0);
            store = null;
            if (failed != null) {
                throw surface(failed);
            }
        }

        /** The communication thread's failure as an exception of this (the trainer's) thread. */
        private RuntimeException surface(Throwable f) {
            if (f instanceof RingTimeoutException t) {
                RingTimeoutException e = new RingTimeoutException(t.getMessage(), t.rank(), t.step());
                e.initCause(t);
                return e;
            }
            return new IllegalStateException("rank " + ring.rank() + ": gradient sum of step " + step
                    + " failed on the communication thread: " + f.getMessage(), f);
        }

        void abandon() {
            ring.abort();
            synchronized (lock) {
                if (failure == null) {
                    failure = new IllegalStateException("step " + step + " abandoned");
                }
                awaitIdle();
                open = false;
            }
            store = null;
        }

        /** With the lock held: waits until the communication thread is out of the ring (after an abort). */
        private void awaitIdle() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean interrupted = false;
            while (inFlight && thread.isAlive() && System.nanoTime() < deadline) {
                try {
                    lock.wait(POLL_MS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** @return whether the thread has stopped (within 10 s) */
        boolean stop() {
            synchronized (lock) {
                stopping = true;
                if (inFlight) {
                    ring.abort();
                }
                lock.notifyAll();
            }
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !thread.isAlive();
        }

        private void run() {
            while (true) {
                int b;
                long s;
                BucketPlan plan;
                synchronized (lock) {
                    while (!stopping && !(open && failure == null && taken < handedOver)) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            stopping = true;
                        }
                    }
                    if (stopping) {
                        return;
                    }
                    b = order[taken++];
                    s = step;
                    plan = buckets;
                    inFlight = true;
                }
                Throwable failed = null;
                try {
                    ring.allReduce(s, b, grads, plan.offset(b), plan.length(b));
                } catch (Throwable t) {
                    failed = t;
                }
                synchronized (lock) {
                    inFlight = false;
                    if (failed != null) {
                        if (failure == null) {
                            failure = failed;
                        }
                    } else {
                        summed++;
                    }
                    lock.notifyAll();
                }
            }
        }
    }
}
