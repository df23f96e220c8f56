package io.ordo.transport.allreduce;

import static org.agrona.UnsafeAccess.UNSAFE;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.ordo.transport.frame.ChunkDtype;
import io.ordo.transport.frame.ChunkPhase;
import io.ordo.transport.frame.GradientChunkHeader;
import io.ordo.transport.frame.HalfFloats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Ring all-reduce (sum) of little-endian fp32 buffers over Aeron: reduce-scatter then all-gather,
 * each rank sending 2(n-1)/n of the buffer. Rank r publishes to (r+1) % n and subscribes from
 * (r-1) % n. The buffer (or bucket) is cut into n segments of length/n elements (the first ones
 * one shorter when it does not divide), each sent in chunks of {@link #chunkElements()} elements
 * behind a {@link GradientChunkHeader}. Sends are pipelined at chunk granularity: chunk c of ring
 * step j leaves as soon as chunk c of step j-1 arrived, so all n links stream at once.
 *
 * <p>Every chunk carries the ring's {@link RingIdentity} (epoch and nonce, from
 * {@link RingChannels#identity()}); a received chunk with another epoch or nonce (a stray
 * publisher on the ring's channel, a chunk of an older ring), or too short to hold a header, is
 * dropped and counted in the {@code rejected} counter given to {@link #create}, never summed, and
 * does not count as progress of the neighbour (a flood of them cannot hide a silent neighbour from
 * the exchange timeout).
 *
 * <p>Not thread-safe: one thread at a time per instance (it may move between threads with a
 * happens-before edge in between), except {@link #abort}, which any thread may call. Every rank must make the same sequence of calls
 * (same step, bucket, offset and length, in the same order). The hot path allocates nothing and
 * throws only {@link RingTimeoutException} (a silent neighbour) or on a protocol violation.
 * The result is the sum over ranks; divide by {@link #worldSize()} for the mean.
 *
 * <p>Summation order is fixed: element i of segment s ends as
 * {@code x[s+n-1] + (... + (x[s+1] + x[s]))} (ranks mod n), identical on every rank
 * (with a lossy wire dtype the all-gather also rounds the owner's copy, so ranks stay identical).
 */
public final class RingAllReduce implements AutoCloseable {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int FRAGMENT_LIMIT = 16;
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == LE;
    private static final long FLOAT_ARRAY_BASE = UNSAFE.arrayBaseOffset(float[].class);

    private final int rank;
    private final int worldSize;
    private final ExclusivePublication publication;
    private final Subscription subscription;
    private final IdleStrategy idle;
    private final long exchangeTimeoutNs;
    private final ChunkDtype wireDtype;
    private final byte wireDtypeCode;
    private final int bytesPerWireElement;
    private final int chunkElements;
    private final int ringSteps;
    private final int previousRank;
    private final long epoch;
    private final long nonce;
    private final LongAdder rejected;
    private final BufferClaim claim = new BufferClaim();
    private final GradientChunkHeader sendHeader = new GradientChunkHeader();
    private final GradientChunkHeader receiveHeader = new GradientChunkHeader();
    private final UnsafeBuffer byteBufferView = new UnsafeBuffer(0, 0);
    private final ControlledFragmentHandler onChunk = this::onChunk;
    private final float[] accumulator;
    private final float[] incoming;

    // state of the exchange in progress; element offsets relative to the start of `data`
    private MutableDirectBuffer data;
    private long step;
    private int bucket;
    private int bucketOffset;
    private int bucketLength;
    private int sendStep;
    private int sendChunk;
    private int receiveStep;
    private int receiveChunk;
    /** Chunks summed or copied since this instance was made (progress of the neighbour). */
    private long accepted;
    private boolean broken;
    private String protocolError;
    /** Set by {@link #abort} from any thread; read by the exchanging thread. */
    private volatile boolean aborted;

    private RingAllReduce(int rank, int worldSize, ExclusivePublication publication, Subscription subscription,
                          IdleStrategy idle, AeronConfig config, RingIdentity identity, LongAdder rejected) {
        this.rank = rank;
        this.epoch = identity.epoch();
        this.nonce = identity.nonce();
        this.rejected = rejected;
        this.worldSize = worldSize;
        this.publication = publication;
        this.subscription = subscription;
        this.idle = idle;
        this.exchangeTimeoutNs = config.exchangeTimeout().toNanos();
        this.wireDtype = config.wireDtype();
        this.wireDtypeCode = wireDtype.code();
        this.bytesPerWireElement = wireDtype.bytesPerElement();
        this.chunkElements = (config.mtu() - 32 - GradientChunkHeader.LENGTH) / bytesPerWireElement;
        this.ringSteps = 2 * (worldSize - 1);
        this.previousRank = Math.floorMod(rank - 1, worldSize);
        this.accumulator = new float[chunkElements];
        this.incoming = new float[chunkElements];
    }

    /**
     * Joins the ring with a backing-off idle strategy (spin, yield, then park up to 100 us).
     *
     * @see #create(Aeron, int, RingChannels, AeronConfig, IdleStrategy)
     */
    public static RingAllReduce create(Aeron aeron, int rank, RingChannels channels, AeronConfig config) {
        return create(aeron, rank, channels, config, new LongAdder());
    }

    /**
     * Joins the ring with a backing-off idle strategy (spin, yield, then park up to 100 us).
     *
     * @see #create(Aeron, int, RingChannels, AeronConfig, IdleStrategy, LongAdder)
     */
    public static RingAllReduce create(Aeron aeron, int rank, RingChannels channels, AeronConfig config,
                                       LongAdder rejected) {
        return create(aeron, rank, channels, config, new BackoffIdleStrategy(100, 100,
                TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)), rejected);
    }

    /**
     * Joins the ring, counting rejected chunks in a counter of its own.
     *
     * @see #create(Aeron, int, RingChannels, AeronConfig, IdleStrategy, LongAdder)
     */
    public static RingAllReduce create(Aeron aeron, int rank, RingChannels channels, AeronConfig config,
                                       IdleStrategy idle) {
        return create(aeron, rank, channels, config, idle, new LongAdder());
    }

    /**
     * Joins the ring: adds the publication to the next rank and the subscription from the previous
     * one, then waits until both are connected (all ranks must call this concurrently).
     *
     * @param aeron    a connected client (owned by the caller, closed after this)
     * @param rank     this rank, in [0, channels.worldSize())
     * @param channels channels and streams of every rank, and the ring's identity
     * @param config   mtu, term length, timeouts and wire dtype; identical on every rank
     * @param idle     what to do when neither sending nor receiving made progress
     * @param rejected counts the chunks dropped for another ring's identity (shared by a node's rings)
     * @return a ring member ready for {@link #allReduce}
     * @throws RingTimeoutException if the ring does not form within {@link AeronConfig#connectTimeout()}
     */
    public static RingAllReduce create(Aeron aeron, int rank, RingChannels channels, AeronConfig config,
                                       IdleStrategy idle, LongAdder rejected) {
        int n = channels.worldSize();
        if (rank < 0 || rank >= n) {
            throw new IllegalArgumentException("rank " + rank + " outside [0, " + n + ")");
        }
        if (n == 1) {
            return new RingAllReduce(rank, 1, null, null, idle, config, channels.identity(), rejected);
        }
        Subscription subscription = aeron.addSubscription(channels.subscriptionChannel(rank),
                channels.subscriptionStreamId(rank));
        ExclusivePublication publication = aeron.addExclusivePublication(channels.publicationChannel(rank, config),
                channels.publicationStreamId(rank));
        RingAllReduce ring = new RingAllReduce(rank, n, publication, subscription, idle, config, channels.identity(),
                rejected);
        try {
            ring.awaitConnected(config.connectTimeout().toNanos());
        } catch (RuntimeException e) {
            ring.close();
            throw e;
        }
        return ring;
    }

    /** @return this rank */
    public int rank() {
        return rank;
    }

    /** @return ranks in the ring */
    public int worldSize() {
        return worldSize;
    }

    /** @return elements per chunk: what fits one Aeron frame of the configured mtu after both headers */
    public int chunkElements() {
        return chunkElements;
    }

    /**
     * All-reduces (sums) the whole buffer in place as bucket 0.
     *
     * @param step training step, the same on every rank
     * @param data little-endian fp32 elements from {@code position()} to {@code limit()}; direct or heap;
     *             position and limit are left unchanged
     */
    public void allReduce(long step, ByteBuffer data) {
        if (data.remaining() % Float.BYTES != 0) {
            throw new IllegalArgumentException("buffer holds " + data.remaining() + " bytes, not a whole number of floats");
        }
        byteBufferView.wrap(data, data.position(), data.remaining());
        allReduce(step, 0, byteBufferView, 0, data.remaining() / Float.BYTES);
    }

    /**
     * All-reduces a flat buffer bucket by bucket (bucket ids 0, 1, ...), each as its own exchange.
     *
     * @param step training step, the same on every rank
     * @param data little-endian fp32 elements; element i at byte 4i; at least {@code plan.totalElements()}
     * @param plan the buckets, the same on every rank
     */
    public void allReduce(long step, MutableDirectBuffer data, BucketPlan plan) {
        for (int b = 0; b < plan.buckets(); b++) {
            allReduce(step, b, data, plan.offset(b), plan.length(b));
        }
    }

    /**
     * All-reduces one bucket {@code [offset, offset + length)} of a flat gradient buffer in place, so
     * a trainer can exchange a bucket as soon as backward has produced it (DDP-style; call from an
     * exchange thread, bucket by bucket in the same order on every rank).
     *
     * @param step   training step, the same on every rank
     * @param bucket bucket id, written into every chunk header and checked on receipt
     * @param data   little-endian fp32 elements; element i at byte 4i
     * @param offset first element of the bucket
     * @param length elements in the bucket
     * @throws RingTimeoutException if a neighbour is silent for longer than the exchange timeout;
     *                              this instance is then broken
     */
    public void allReduce(long step, int bucket, MutableDirectBuffer data, int offset, int length) {
        if (broken || aborted) {
            throw new IllegalStateException("rank " + rank + ": ring is " + (aborted ? "aborted" : "broken by an earlier failure")
                    + "; form a new one");
        }
        if (offset < 0 || length < 0 || ((long) offset + length) * Float.BYTES > data.capacity()) {
            throw new IllegalArgumentException("bucket [" + offset + ", " + ((long) offset + length)
                    + ") outside a buffer of " + data.capacity() / Float.BYTES + " floats");
        }
        if (worldSize == 1) {
            return;
        }
        this.data = data;
        this.step = step;
        this.bucket = bucket;
        this.bucketOffset = offset;
        this.bucketLength = length;
        sendStep = 0;
        sendChunk = 0;
        receiveStep = 0;
        receiveChunk = 0;
        skipEmptyReceives();
        boolean ok = false;
        try {
            exchange();
            ok = true;
        } finally {
            this.data = null;
            broken = !ok;
        }
    }

    private void exchange() {
        long lastProgressNs = System.nanoTime();
        idle.reset();
        while (sendStep < ringSteps || receiveStep < ringSteps) {
            if (aborted) {
                throw new IllegalStateException(String.format("rank %d: all-reduce of step %d bucket %d aborted", rank,
                        step, bucket));
            }
            int work = sendReady();
            if (receiveStep < ringSteps) {
                long before = accepted;
                subscription.controlledPoll(onChunk, FRAGMENT_LIMIT);
                work += (int) (accepted - before); // rejected chunks are no sign of life of the neighbour
                if (protocolError != null) {
                    throw new IllegalStateException(protocolError);
                }
            }
            if (work > 0) {
                lastProgressNs = System.nanoTime();
                idle.reset();
            } else {
                long silentNs = System.nanoTime() - lastProgressNs;
                if (silentNs > exchangeTimeoutNs) {
                    throw timeout(silentNs);
                }
                idle.idle();
            }
        }
    }

    /** Sends every chunk whose input has arrived, until back-pressure; @return chunks sent. */
    private int sendReady() {
        int sent = 0;
        while (sendStep < ringSteps) {
            int segment = Math.floorMod(rank - sendStep, worldSize);
            int start = segmentStart(segment);
            int chunkStart = start + sendChunk * chunkElements;
            int end = segmentStart(segment + 1);
            if (chunkStart >= end) {
                sendStep++;
                sendChunk = 0;
                continue;
            }
            if (sendStep > 0 && !received(sendStep - 1, sendChunk)) {
                break;
            }
            int count = Math.min(chunkElements, end - chunkStart);
            long result = publication.tryClaim(GradientChunkHeader.LENGTH + count * bytesPerWireElement, claim);
            if (result < 0) {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                    throw new IllegalStateException("rank " + rank + ": publication to rank "
                            + (rank + 1) % worldSize + " failed: " + Publication.errorString(result));
                }
                break; // back-pressured, not connected or admin action: retry after polling
            }
            ChunkPhase phase = sendStep < worldSize - 1 ? ChunkPhase.REDUCE_SCATTER : ChunkPhase.ALL_GATHER;
            MutableDirectBuffer out = claim.buffer();
            int at = claim.offset();
            sendHeader.wrap(out, at).encode(step, rank, bucket, chunkStart, count, phase, wireDtype, epoch, nonce);
            writePayload(out, at + GradientChunkHeader.LENGTH, chunkStart, count, phase == ChunkPhase.ALL_GATHER);
            claim.commit();
            sent++;
            sendChunk++;
        }
        return sent;
    }

    private boolean received(int ringStep, int chunk) {
        return receiveStep > ringStep || (receiveStep == ringStep && receiveChunk > chunk);
    }

    private void writePayload(MutableDirectBuffer out, int at, int element, int count, boolean roundOwnCopy) {
        int src = element * Float.BYTES;
        switch (wireDtype) {
            case FP32:
                out.putBytes(at, data, src, count * Float.BYTES);
                break;
            case FP16:
                for (int i = 0; i < count; i++) {
                    short h = HalfFloats.toFp16(data.getFloat(src + 4 * i, LE));
                    out.putShort(at + 2 * i, h, LE);
                    if (roundOwnCopy) {
                        data.putFloat(src + 4 * i, HalfFloats.fromFp16(h), LE);
                    }
                }
                break;
            default:
                for (int i = 0; i < count; i++) {
                    short b = HalfFloats.toBf16(data.getFloat(src + 4 * i, LE));
                    out.putShort(at + 2 * i, b, LE);
                    if (roundOwnCopy) {
                        data.putFloat(src + 4 * i, HalfFloats.fromBf16(b), LE);
                    }
                }
                break;
        }
    }

    private ControlledFragmentHandler.Action onChunk(DirectBuffer buffer, int offset, int length, Header header) {
        GradientChunkHeader chunk = receiveHeader.wrapForRead(buffer, offset);
        if (length < GradientChunkHeader.LENGTH || chunk.nonce() != nonce || chunk.epoch() != epoch) {
            rejected.increment(); // not from this ring: a stray sender, or a chunk of an older ring
            return ControlledFragmentHandler.Action.CONTINUE;
        }
        if (receiveStep >= ringSteps || chunk.step() != step || chunk.bucket() != bucket) {
            return ControlledFragmentHandler.Action.ABORT; // the next exchange's: leave it for the next call
        }
        int segment = Math.floorMod(rank - receiveStep - 1, worldSize);
        int expectedStart = segmentStart(segment) + receiveChunk * chunkElements;
        int expectedCount = Math.min(chunkElements, segmentStart(segment + 1) - expectedStart);
        boolean reduce = receiveStep < worldSize - 1;
        byte expectedPhase = reduce ? ChunkPhase.REDUCE_SCATTER.code() : ChunkPhase.ALL_GATHER.code();
        if (chunk.elementOffset() != expectedStart || chunk.elementLength() != expectedCount
                || chunk.phaseCode() != expectedPhase || chunk.dtypeCode() != wireDtypeCode
                || chunk.rank() != previousRank) {
            // Aeron hands exceptions thrown here to the client's error handler and drops the fragment,
            // so record the violation, leave the fragment unconsumed and throw from exchange()
            protocolError = "rank " + rank + ": unexpected " + chunk + "; expected offset "
                    + expectedStart + " length " + expectedCount + " dtype " + wireDtype + " from rank " + previousRank
                    + " (do all ranks use the same config and call sequence?)";
            return ControlledFragmentHandler.Action.ABORT;
        }
        int payload = offset + GradientChunkHeader.LENGTH;
        if (reduce) {
            addPayload(buffer, payload, expectedStart, expectedCount);
        } else {
            copyPayload(buffer, payload, expectedStart, expectedCount);
        }
        receiveChunk++;
        accepted++;
        skipEmptyReceives();
        return receiveStep >= ringSteps ? ControlledFragmentHandler.Action.BREAK
                : ControlledFragmentHandler.Action.CONTINUE;
    }

    private void addPayload(DirectBuffer in, int at, int element, int count) {
        int dst = element * Float.BYTES;
        switch (wireDtype) {
            case FP32:
                if (NATIVE_LE) {
                    addFp32Vectorised(in, at, dst, count);
                } else {
                    for (int i = 0; i < count; i++) {
                        int d = dst + 4 * i;
                        data.putFloat(d, data.getFloat(d, LE) + in.getFloat(at + 4 * i, LE), LE);
                    }
                }
                break;
            case FP16:
                for (int i = 0; i < count; i++) {
                    int d = dst + 4 * i;
                    data.putFloat(d, data.getFloat(d, LE) + HalfFloats.fromFp16(in.getShort(at + 2 * i, LE)), LE);
                }
                break;
            default:
                for (int i = 0; i < count; i++) {
                    int d = dst + 4 * i;
                    data.putFloat(d, data.getFloat(d, LE) + HalfFloats.fromBf16(in.getShort(at + 2 * i, LE)), LE);
                }
                break;
        }
    }

    /**
     * data[dst..] += in[at..] for {@code count} floats through two heap scratch arrays, whose add loop
     * the JIT turns into SIMD; the bulk copies run at memcpy speed (a scalar loop over the off-heap
     * buffers does not vectorise).
     */
    private void addFp32Vectorised(DirectBuffer in, int at, int dst, int count) {
        long bytes = (long) count * Float.BYTES;
        in.boundsCheck(at, (int) bytes);
        data.boundsCheck(dst, (int) bytes);
        float[] a = accumulator;
        float[] b = incoming;
        UNSAFE.copyMemory(in.byteArray(), in.addressOffset() + at, b, FLOAT_ARRAY_BASE, bytes);
        UNSAFE.copyMemory(data.byteArray(), data.addressOffset() + dst, a, FLOAT_ARRAY_BASE, bytes);
        for (int i = 0; i < count; i++) {
            a[i] += b[i];
        }
        UNSAFE.copyMemory(a, FLOAT_ARRAY_BASE, data.byteArray(), data.addressOffset() + dst, bytes);
    }

    private void copyPayload(DirectBuffer in, int at, int element, int count) {
        int dst = element * Float.BYTES;
        switch (wireDtype) {
            case FP32:
                data.putBytes(dst, in, at, count * Float.BYTES);
                break;
            case FP16:
                for (int i = 0; i < count; i++) {
                    data.putFloat(dst + 4 * i, HalfFloats.fromFp16(in.getShort(at + 2 * i, LE)), LE);
                }
                break;
            default:
                for (int i = 0; i < count; i++) {
                    data.putFloat(dst + 4 * i, HalfFloats.fromBf16(in.getShort(at + 2 * i, LE)), LE);
                }
                break;
        }
    }

    /** Moves the receive cursor past finished (or empty) segments. */
    private void skipEmptyReceives() {
        while (receiveStep < ringSteps) {
            int segment = Math.floorMod(rank - receiveStep - 1, worldSize);
            int start = segmentStart(segment) + receiveChunk * chunkElements;
            if (start < segmentStart(segment + 1)) {
                return;
            }
            receiveStep++;
            receiveChunk = 0;
        }
    }

    /** @return first element of segment s in [0, n], relative to the buffer: offset + floor(s * length / n) */
    private int segmentStart(int segment) {
        return bucketOffset + (int) ((long) segment * bucketLength / worldSize);
    }

    private void awaitConnected(long timeoutNs) {
        long start = System.nanoTime();
        idle.reset();
        while (!publication.isConnected() || !subscription.isConnected()) {
            if (System.nanoTime() - start > timeoutNs) {
                throw new RingTimeoutException(String.format(
                        "rank %d: ring did not form within %d ms (publication to rank %d connected: %b, "
                                + "subscription from rank %d connected: %b)", rank,
                        TimeUnit.NANOSECONDS.toMillis(timeoutNs), (rank + 1) % worldSize, publication.isConnected(),
                        Math.floorMod(rank - 1, worldSize), subscription.isConnected()), rank, -1);
            }
            idle.idle();
        }
    }

    private RingTimeoutException timeout(long silentNs) {
        return new RingTimeoutException(String.format(
                "rank %d of %d: no progress for %d ms (timeout %d ms) at step %d bucket %d: sent %d/%d ring steps"
                        + " (next rank %d connected: %b), received %d/%d (previous rank %d connected: %b)",
                rank, worldSize, TimeUnit.NANOSECONDS.toMillis(silentNs), TimeUnit.NANOSECONDS.toMillis(exchangeTimeoutNs),
                step, bucket, sendStep, ringSteps, (rank + 1) % worldSize, publication.isConnected(),
                receiveStep, ringSteps, Math.floorMod(rank - 1, worldSize), subscription.isConnected()), rank, step);
    }

    /**
     * Breaks this ring from any thread: an all-reduce in progress on another thread throws
     * {@link IllegalStateException} at its next poll (within one idle period) instead of waiting
     * for silent neighbours up to the exchange timeout, and so does every later call. For a caller
     * that gives up on an exchange (its own step failed) and must close the ring, which is safe only
     * once the exchanging thread has left it.
     */
    public void abort() {
        aborted = true;
    }

    /** Closes the publication and subscription (not the Aeron client). */
    @Override
    public void close() {
        CloseHelper.closeAll(publication, subscription);
    }
}
