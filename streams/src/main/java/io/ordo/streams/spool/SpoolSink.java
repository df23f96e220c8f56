package io.ordo.streams.spool;

import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.Chunk;
import io.ordo.streams.frame.Framing;
import io.ordo.streams.frame.FramingConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The spool as a stream sink for sources with no acknowledgement (TCP, stdin): chunks are framed
 * into lines (rejections counted, not spooled), grouped into batches of at most
 * {@link #BATCH_BYTES} (or the segment size if smaller) or {@link #BATCH_WINDOW}, and appended
 * one batch at a time. While the spool is full the append is retried every
 * {@link #FULL_POLL_MILLIS} ms and nothing is pulled meanwhile, so the source stops reading (for
 * TCP, the client's window fills and its writes block): back-pressure, never loss.
 */
public final class SpoolSink {

    /** Most framed bytes per append batch: 256 KiB. */
    public static final int BATCH_BYTES = 256 * 1024;
    /** Longest a record waits for its batch to fill. */
    public static final Duration BATCH_WINDOW = Duration.ofMillis(5);
    /** Retry interval of an append refused because the spool is full (milliseconds). */
    public static final long FULL_POLL_MILLIS = 10;
    /** The dispatcher that runs appends (they block on fsync). */
    public static final String BLOCKING_DISPATCHER = "pekko.actor.default-blocking-io-dispatcher";

    private SpoolSink() {
    }

    /** A sink appending the lines of its chunks to {@code spool}; completes when all are appended. */
    public static Sink<Chunk, CompletionStage<Done>> lines(Spool spool, FramingConfig framing, BadInputCounters counters,
            ClassicActorSystemProvider system) {
        Executor blocking = blockingExecutor(system);
        long maxBatch = Math.min(BATCH_BYTES, spool.config().segmentBytes());
        return Flow.of(Chunk.class)
                .via(Framing.lines(framing))
                .via(Framing.route(counters, Optional.empty()))
                .map(r -> r.text().getBytes(StandardCharsets.UTF_8))
                .groupedWeightedWithin(maxBatch, b -> SpoolFrame.frameBytes(b.length), BATCH_WINDOW)
                .mapAsync(1, batch -> appendWhenRoom(spool, batch, blocking))
                .toMat(Sink.ignore(), Keep.right());
    }

    /** The executor for blocking spool appends. */
    public static Executor blockingExecutor(ClassicActorSystemProvider system) {
        return system.classicSystem().dispatchers().lookup(BLOCKING_DISPATCHER);
    }

    /** Appends {@code batch}, retrying while the spool is full; completes once it is appended. */
    public static CompletionStage<AppendResult.Appended> appendWhenRoom(Spool spool, List<byte[]> batch, Executor ex) {
        CompletableFuture<AppendResult.Appended> done = new CompletableFuture<>();
        Executor later = CompletableFuture.delayedExecutor(FULL_POLL_MILLIS, TimeUnit.MILLISECONDS, ex);
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                try {
                    if (spool.append(batch) instanceof AppendResult.Appended a) {
                        done.complete(a);
                    } else {
                        later.execute(this);
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }
        };
        ex.execute(attempt);
        return done;
    }
}
