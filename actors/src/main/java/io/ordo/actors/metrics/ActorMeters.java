package io.ordo.actors.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * The meters of one actor type (all actors of that type together, tag {@code actor}):
 * <ul>
 *   <li>{@code ordo_actor_mailbox_depth}: messages enqueued and not yet dequeued (gauge);</li>
 *   <li>{@code ordo_actor_messages_processed_total}: messages dequeued for processing;</li>
 *   <li>{@code ordo_actor_processing_duration_seconds}: time in the behavior per message;</li>
 *   <li>{@code ordo_actor_restarts_total}: restarts by a supervisor strategy.</li>
 * </ul>
 * Depth and processed count come from {@link InstrumentedMailbox}, processing time and restarts
 * from {@link TimingInterceptor}.
 */
public final class ActorMeters {
    private final String actorType;
    private final LongAdder depth = new LongAdder();
    private final Counter processed;
    private final Timer processing;
    private final Counter restarts;

    ActorMeters(String actorType, MeterRegistry registry) {
        this.actorType = actorType;
        Gauge.builder("ordo.actor.mailbox.depth", depth, LongAdder::sum).tag("actor", actorType)
                .description("Messages waiting in the mailboxes of actors of this type").strongReference(true)
                .register(registry);
        processed = Counter.builder("ordo.actor.messages.processed").tag("actor", actorType)
                .description("Messages taken from the mailbox for processing").register(registry);
        processing = Timer.builder("ordo.actor.processing.duration").tag("actor", actorType)
                .description("Time the behavior spent on one message").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        restarts = Counter.builder("ordo.actor.restarts").tag("actor", actorType)
                .description("Restarts by the actor's supervisor strategy").register(registry);
    }

    public String actorType() {
        return actorType;
    }

    void enqueued() {
        depth.increment();
    }

    void dequeued() {
        depth.decrement();
        processed.increment();
    }

    void processed(long nanos) {
        processing.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void restarted() {
        restarts.increment();
    }

    /** Messages waiting now. */
    public long mailboxDepth() {
        return depth.sum();
    }

    /** Messages dequeued so far. */
    public double messagesProcessed() {
        return processed.count();
    }

    /** Messages timed by the interceptor and their total time in seconds. */
    public Timer processingTimer() {
        return processing;
    }

    public double restarts() {
        return restarts.count();
    }
}
