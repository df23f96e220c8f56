package io.ordo.actors.metrics;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Instruments behaviors with per-actor-type processing time and restart counts. */
public final class ActorMetrics {
    private ActorMetrics() {
    }

    /**
     * {@code behavior} timed per message and counted per restart under {@code actor = actorType}
     * (meters of the system's {@link OrdoMetrics}). Put it inside {@code Behaviors.supervise} to
     * count that supervisor's restarts.
     */
    public static <T> Behavior<T> instrument(String actorType, Behavior<T> behavior) {
        return Behaviors.setup(ctx -> Behaviors.intercept(
                () -> new TimingInterceptor<T>(OrdoMetrics.get(ctx.getSystem()).actor(actorType)), behavior));
    }
}
