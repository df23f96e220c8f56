package io.ordo.deploy.launch;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.transport.allreduce.EmbeddedMediaDriver;
import io.ordo.transport.frame.ChunkDtype;
import io.ordo.transport.frame.ChunkPhase;
import io.ordo.transport.frame.GradientChunkHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stray process that knows a launched ring's UDP endpoints and stream ids but not its nonce: its
 * own media driver and publications to every rank's subscription, sending well-formed gradient
 * chunks (steps 0..steps, bucket 0, from the previous rank, payload 1e6) of the ring's epoch with a
 * guessed nonce, and of the unauthenticated identity (epoch 0, nonce 0), every millisecond.
 */
final class RogueRing implements AutoCloseable {
    private static final int ELEMENTS = 256;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopping;

    /**
     * @param endpoints rank r's {@code host:port}, in rank order
     * @param streamId  the stream rank 0 receives on (rank r: + r)
     * @param epoch     the ring's epoch
     * @param steps     the last training step
     */
    RogueRing(List<String> endpoints, int streamId, long epoch, long steps) {
        thread = new Thread(() -> run(endpoints, streamId, epoch, steps), "rogue-ring");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return chunks that left the rogue's publications */
    long sent() {
        return sent.get();
    }

    private void run(List<String> endpoints, int streamId, long epoch, long steps) {
        int n = endpoints.size();
        long guess = new SecureRandom().nextLong();
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(AeronConfig.defaults().withTermLength(1 << 20)
                .withMtu(8192), 2 * n);
             Aeron aeron = driver.connect()) {
            List<Publication> publications = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                publications.add(aeron.addExclusivePublication("aeron:udp?endpoint=" + endpoints.get(r), streamId + r));
            }
            UnsafeBuffer chunk = new UnsafeBuffer(ByteBuffer.allocateDirect(GradientChunkHeader.LENGTH
                    + ELEMENTS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN));
            for (int i = 0; i < ELEMENTS; i++) {
                chunk.putFloat(GradientChunkHeader.LENGTH + 4 * i, 1e6f, ByteOrder.LITTLE_ENDIAN);
            }
            GradientChunkHeader header = new GradientChunkHeader();
            for (long k = 0; !stopping; k++) {
                boolean unauthenticated = k % 2 == 1;
                for (int r = 0; r < n; r++) {
                    header.wrap(chunk, 0).encode((k / 2) % (steps + 1), Math.floorMod(r - 1, n), 0, 0, ELEMENTS,
                            ChunkPhase.REDUCE_SCATTER, ChunkDtype.FP32, unauthenticated ? 0 : epoch,
                            unauthenticated ? 0 : guess);
                    if (publications.get(r).offer(chunk) > 0) {
                        sent.incrementAndGet();
                    }
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
    }
}
