package io.ordo.actors.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The rejected-chunks counter the node's rings count into is a registered meter. */
class AllReduceMetricsTest {
    @Test
    void shouldExposeTheRingsRejectedChunksAsACounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AllReduceMetrics metrics = new AllReduceMetrics(registry);
        metrics.rejectedChunks().add(3);
        metrics.rejectedChunks().increment();
        assertEquals(4.0, registry.get("ordo.allreduce.rejected.chunks").functionCounter().count());
    }
}
