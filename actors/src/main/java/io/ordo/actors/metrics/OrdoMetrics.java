package io.ordo.actors.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.ordo.streams.frame.BadInputCounters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.ExtensionSetup;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * The metrics of one node ({@code ActorSystem}): the meter registry, the data pipeline's counters
 * (one {@link BadInputCounters} for every trainer incarnation, so counts only grow), the node's
 * {@link NodeStatus}, and the meters of each actor type.
 *
 * <p>Install with {@code ActorSystemSetup.create(..., OrdoMetrics.setup(metrics))}. A system
 * started without it gets an empty composite registry: every meter is a no-op.
 */
public final class OrdoMetrics implements Extension {
    /** The extension id. */
    public static final ExtensionId<OrdoMetrics> ID = new ExtensionId<>() {
        @Override
        public OrdoMetrics createExtension(ActorSystem<?> system) {
            return new OrdoMetrics(new CompositeMeterRegistry());
        }
    };

    private final MeterRegistry registry;
    private final BadInputCounters streams = new BadInputCounters();
    private final NodeStatus status = new NodeStatus();
    private final Map<String, ActorMeters> actors = new ConcurrentHashMap<>();
    private final AllReduceMetrics allReduce;

    public OrdoMetrics(MeterRegistry registry) {
        this.registry = registry;
        StreamMetrics.bind(streams, registry);
        this.allReduce = new AllReduceMetrics(registry);
    }

    /** The extension of {@code system}. */
    public static OrdoMetrics get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** The extension of a classic system (for mailboxes, which Pekko creates with one). */
    public static OrdoMetrics get(org.apache.pekko.actor.ActorSystem system) {
        return get(Adapter.toTyped(system));
    }

    /** A setup that makes {@code metrics} the extension of the system it is given to. */
    public static ExtensionSetup<OrdoMetrics> setup(OrdoMetrics metrics) {
        return new ExtensionSetup<>(ID, system -> metrics) {
        };
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The counters every trainer's data stream of this node counts into. */
    public BadInputCounters streamCounters() {
        return streams;
    }

    /** The gradient all-reduce meters (zero until a distributed trainer records into them). */
    public AllReduceMetrics allReduce() {
        return allReduce;
    }

    public NodeStatus status() {
        return status;
    }

    /** The meters of actors of {@code actorType} (created on first use). */
    public ActorMeters actor(String actorType) {
        return actors.computeIfAbsent(actorType, t -> new ActorMeters(t, registry));
    }

    /** The actor types seen so far. */
    public Map<String, ActorMeters> actors() {
        return Map.copyOf(actors);
    }
}
