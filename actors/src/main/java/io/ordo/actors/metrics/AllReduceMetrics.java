package io.ordo.actors.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gradient all-reduce meters: {@code ordo_allreduce_bytes_total} (bytes of the buffer reduced,
 * per call), {@code ordo_allreduce_duration_seconds} (wall time of one all-reduce) and
 * {@code ordo_allreduce_rejected_chunks_total} (gradient chunks the node's rings dropped because
 * they carried another ring's epoch or nonce: a stray sender on the ring's ports, or a chunk of an
 * older ring). The distributed trainer calls {@link #record(long, long)} around each
 * {@code RingAllReduce.allReduce} ({@code OrdoMetrics.get(system).allReduce()}); the node's rings
 * count into {@link #rejectedChunks()}.
 */
public final class AllReduceMetrics {
    private final Counter bytes;
    private final Timer duration;
    private final LongAdder rejectedChunks = new LongAdder();

    public AllReduceMetrics(MeterRegistry registry) {
        FunctionCounter.builder("ordo.allreduce.rejected.chunks", rejectedChunks, LongAdder::sum)
                .description("Gradient chunks dropped for another ring's epoch or nonce (never summed)")
                .register(registry);
        bytes = Counter.builder("ordo.allreduce").baseUnit("bytes")
                .description("Bytes of gradient buffers all-reduced").register(registry);
        duration = Timer.builder("ordo.allreduce.duration").description("Wall time of one gradient all-reduce")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    /** The counter the node's rings count rejected chunks into. */
    public LongAdder rejectedChunks() {
        return rejectedChunks;
    }

    /** One all-reduce of {@code bufferBytes} that took {@code nanos}. */
    public void record(long bufferBytes, long nanos) {
        bytes.increment(bufferBytes);
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }
}
