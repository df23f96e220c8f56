package io.ordo.actors.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gradient all-reduce meters: {@code ordo_allreduce_bytes_total} (bytes of the buffer reduced,
 * per call) and {@code ordo_allreduce_duration_seconds} (wall time of one all-reduce). The
 * distributed trainer calls {@link #record(long, long)} around each {@code RingAllReduce.allReduce}
 * ({@code OrdoMetrics.get(system).allReduce()}).
 */
public final class AllReduceMetrics {
    private final Counter bytes;
    private final Timer duration;

    public AllReduceMetrics(MeterRegistry registry) {
        bytes = Counter.builder("ordo.allreduce").baseUnit("bytes")
                .description("Bytes of gradient buffers all-reduced").register(registry);
        duration = Timer.builder("ordo.allreduce.duration").description("Wall time of one gradient all-reduce")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    /** One all-reduce of {@code bufferBytes} that took {@code nanos}. */
    public void record(long bufferBytes, long nanos) {
        bytes.increment(bufferBytes);
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }
}
