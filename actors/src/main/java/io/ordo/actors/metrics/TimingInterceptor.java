package io.ordo.actors.metrics;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;

/**
 * Times each message the wrapped behavior handles ({@code ordo_actor_processing_duration_seconds})
 * and counts {@link PreRestart} signals ({@code ordo_actor_restarts_total}). Sits inside a
 * {@code Behaviors.supervise(...)}, so a restart passes its signal through it.
 */
final class TimingInterceptor<T> extends BehaviorInterceptor<T, T> {
    private final ActorMeters meters;

    @SuppressWarnings("unchecked")
    TimingInterceptor(ActorMeters meters) {
        super((Class<T>) Object.class);
        this.meters = meters;
    }

    @Override
    public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
        long t0 = System.nanoTime();
        try {
            return target.apply(ctx, msg);
        } finally {
            meters.processed(System.nanoTime() - t0);
        }
    }

    @Override
    public Behavior<T> aroundSignal(TypedActorContext<T> ctx, Signal signal, SignalTarget<T> target) {
        if (signal instanceof PreRestart) {
            meters.restarted();
        }
        return target.apply(ctx, signal);
    }
}
