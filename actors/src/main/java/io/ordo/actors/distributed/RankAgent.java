package io.ordo.actors.distributed;

import io.ordo.protocol.cluster.CoordinatorMessage;
import io.ordo.protocol.cluster.RankFinished;
import io.ordo.protocol.cluster.RankMessage;
import io.ordo.protocol.cluster.RegisterRank;
import io.ordo.protocol.cluster.RingBroken;
import io.ordo.protocol.cluster.RingFormed;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A worker's voice in the cluster: registers with the coordinator (again every {@code heartbeat},
 * so a coordinator that moved to another node learns about it), hands each {@link RingFormed} to
 * the worker's training thread, and relays the worker's reports (ring broken, finished).
 */
public final class RankAgent extends AbstractBehavior<RankMessage> {
    /** The worker's ring failed (node-local). */
    public record Broken(long epoch, int rank, String reason) implements RankMessage {
    }

    /** The worker trained the last step (node-local). */
    public record Finished(long epoch, int rank, long step) implements RankMessage {
    }

    private enum Heartbeat implements RankMessage { INSTANCE }

    private final ActorRef<CoordinatorMessage> coordinator;
    private final String member;
    private final String endpoint;
    private final int preferredRank;
    private final Consumer<RingFormed> onRing;
    private final TimerScheduler<RankMessage> timers;
    private long epoch;

    /**
     * @param coordinator the coordinator singleton's proxy
     * @param member      this node's cluster address
     * @param endpoint    the worker's Aeron {@code host:port}
     * @param preferredRank the worker's place in ring order (node rank x procs per node + local rank)
     * @param onRing      receives every ring assignment (called on the actor's thread: hand off, don't block)
     * @param heartbeat   re-registration period
     */
    public static Behavior<RankMessage> create(ActorRef<CoordinatorMessage> coordinator, String member, String endpoint,
                                               int preferredRank, Consumer<RingFormed> onRing, Duration heartbeat) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, heartbeat);
            return new RankAgent(ctx, coordinator, member, endpoint, preferredRank, onRing, timers);
        }));
    }

    private RankAgent(ActorContext<RankMessage> ctx, ActorRef<CoordinatorMessage> coordinator, String member,
                      String endpoint, int preferredRank, Consumer<RingFormed> onRing,
                      TimerScheduler<RankMessage> timers) {
        super(ctx);
        this.coordinator = coordinator;
        this.member = member;
        this.endpoint = endpoint;
        this.preferredRank = preferredRank;
        this.onRing = onRing;
        this.timers = timers;
        register();
    }

    @Override
    public Receive<RankMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(RingFormed.class, this::onRing)
                .onMessage(Broken.class, this::onBroken)
                .onMessage(Finished.class, this::onFinished)
                .onMessageEquals(Heartbeat.INSTANCE, this::register)
                .build();
    }

    private Behavior<RankMessage> onRing(RingFormed m) {
        epoch = Math.max(epoch, m.epoch());
        getContext().getLog().info("{}: ring epoch {}, rank {} of {}", endpoint, m.epoch(), m.rank(), m.world());
        onRing.accept(m);
        return this;
    }

    private Behavior<RankMessage> onBroken(Broken m) {
        coordinator.tell(new RingBroken(m.epoch(), m.rank(), m.reason()));
        return this;
    }

    private Behavior<RankMessage> onFinished(Finished m) {
        timers.cancelAll();
        coordinator.tell(new RankFinished(m.epoch(), m.rank(), m.step()));
        return this;
    }

    private Behavior<RankMessage> register() {
        coordinator.tell(new RegisterRank(member, endpoint, preferredRank, epoch, getContext().getSelf()));
        return this;
    }
}
