package io.ordo.transport.allreduce;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.ordo.transport.frame.ChunkDtype;
import io.ordo.transport.frame.ChunkPhase;
import io.ordo.transport.frame.GradientChunkHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stray process on a ring's channels: its own Aeron client with a publication to every rank's
 * subscription (same channel, same stream), sending well-formed chunks that each rank would take
 * as the first reduce-scatter chunk of a step from its previous rank (right step, rank, bucket,
 * offset, length, phase and dtype) but with a forged identity: alternately the right epoch with a
 * wrong nonce, and the right nonce with a stale epoch. Their payload is {@link #POISON}, so a sum
 * that took one is off by far.
 */
final class RoguePublisher implements AutoCloseable {
    /** The value of every forged element. */
    static final float POISON = 1e6f;

    private final Thread thread;
    private final CountDownLatch connected = new CountDownLatch(1);
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopping;
    private volatile Throwable failure;

    /**
     * Starts flooding (one chunk per rank every {@code periodNanos}) once every publication is connected.
     *
     * @param config   the ring's config (its driver, mtu)
     * @param channels the ring's channels; their identity is the one the rogue does not have
     * @param length   elements of the ring's buffer
     * @param steps    the rogue cycles through steps [0, steps)
     */
    RoguePublisher(AeronConfig config, RingChannels channels, int length, int steps, long periodNanos) {
        thread = new Thread(() -> run(config, channels, length, steps, periodNanos), "rogue-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the rogue reaches every rank; @return false on timeout */
    boolean awaitConnected(long seconds) throws InterruptedException {
        return connected.await(seconds, TimeUnit.SECONDS);
    }

    /** @return chunks the rogue got into its publications */
    long sent() {
        return sent.get();
    }

    private void run(AeronConfig config, RingChannels channels, int length, int steps, long periodNanos) {
        int n = channels.worldSize();
        RingIdentity real = channels.identity();
        int chunkElements = (config.mtu() - 32 - GradientChunkHeader.LENGTH) / Float.BYTES;
        try (Aeron aeron = EmbeddedMediaDriver.connect(config)) {
            List<ExclusivePublication> publications = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                publications.add(aeron.addExclusivePublication(channels.subscriptionChannel(r), channels.subscriptionStreamId(r)));
            }
            while (!stopping && !publications.stream().allMatch(ExclusivePublication::isConnected)) {
                LockSupport.parkNanos(1_000_000);
            }
            connected.countDown();
            UnsafeBuffer chunk = new UnsafeBuffer(ByteBuffer.allocateDirect(GradientChunkHeader.LENGTH
                    + chunkElements * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN));
            for (int i = 0; i < chunkElements; i++) {
                chunk.putFloat(GradientChunkHeader.LENGTH + 4 * i, POISON, ByteOrder.LITTLE_ENDIAN);
            }
            GradientChunkHeader header = new GradientChunkHeader();
            for (long k = 0; !stopping; k++) {
                long step = (k / 2) % steps;
                boolean staleEpoch = k % 2 == 1;
                long epoch = staleEpoch ? real.epoch() - 1 : real.epoch();
                long nonce = staleEpoch ? real.nonce() : real.nonce() ^ 0x5DEECE66DL;
                for (int r = 0; r < n; r++) {
                    int previous = Math.floorMod(r - 1, n);
                    int start = (int) ((long) previous * length / n);
                    int count = Math.min(chunkElements, (int) ((long) (previous + 1) * length / n) - start);
                    header.wrap(chunk, 0).encode(step, previous, 0, start, count, ChunkPhase.REDUCE_SCATTER,
                            ChunkDtype.FP32, epoch, nonce);
                    if (publications.get(r).offer(chunk, 0, GradientChunkHeader.LENGTH + count * Float.BYTES) > 0) {
                        sent.incrementAndGet();
                    }
                }
                LockSupport.parkNanos(periodNanos);
            }
        } catch (Throwable t) {
            failure = t;
            connected.countDown();
        }
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        thread.join(10_000);
        if (failure != null) {
            throw new IllegalStateException("the rogue publisher failed", failure);
        }
    }
}
