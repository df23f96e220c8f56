package io.ordo.actors.cluster;

import io.ordo.protocol.cluster.CoordinatorMessage;
import io.ordo.protocol.cluster.RankFinished;
import io.ordo.protocol.cluster.RankMessage;
import io.ordo.protocol.cluster.RegisterRank;
import io.ordo.protocol.cluster.RingBroken;
import io.ordo.protocol.cluster.RingFormed;
import io.ordo.transport.allreduce.RingIdentity;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The cluster singleton that owns ring membership: workers {@link RegisterRank}; once
 * {@link CoordinatorSettings#world()} have registered it assigns ranks (dense, in the order of the
 * workers' preferred ranks: node rank, then local rank), the ring order and the Aeron endpoints, and sends each its {@link RingFormed}
 * (epoch 1: start; a rank starts training only on this message, so no step begins before the ring
 * is complete). Each ring gets a nonce drawn from a {@link SecureRandom}: it reaches the ranks only
 * in their {@link RingFormed} (over Artery, TLS when enabled), and every gradient chunk of the ring
 * carries it, so ranks drop chunks of anyone else.
 *
 * <p>When a ring member is lost (its actor terminates, or its cluster member is removed after the
 * split-brain resolver downed it), the epoch goes up and the ring re-forms from the survivors when
 * at least {@code minWorld} remain (else it waits for replacements); each survivor then resumes from
 * rank 0's newest checkpoint. A registration while the ring is short of {@code world} re-forms it
 * with the newcomer. A rank that merely stalls is handled through {@link RingBroken}: once every
 * member reported the broken ring, or {@code reformTimeout} after the first report, the ring
 * re-forms with the ranks that reported. After a {@link RankFinished} nothing is re-formed.
 *
 * <p>If the coordinator's node dies, the singleton restarts on the oldest survivor with no state;
 * workers re-register every few seconds with their last epoch, so the new coordinator continues the
 * epoch count. It re-forms once all {@code world} ranks are back, or {@code reformTimeout} after the
 * first re-registration with at least {@code minWorld} (not at the first one: that ring would be
 * superseded by the next registration at once).
 */
public final class Coordinator extends AbstractBehavior<CoordinatorMessage> {
    /** A registered rank's actor terminated (node-local). */
    record RankTerminated(ActorRef<RankMessage> rank) implements CoordinatorMessage {
    }

    /** A cluster member was removed (node-local). */
    record MemberRemoved(String address) implements CoordinatorMessage {
    }

    /** The wait for RingBroken reports of {@code epoch} is over (node-local). */
    record ReformTimeout(long epoch) implements CoordinatorMessage {
    }

    /** After a takeover, the wait for the survivors' re-registrations is over (node-local). */
    record RegroupTimeout() implements CoordinatorMessage {
    }

    private final CoordinatorSettings settings;
    private final TimerScheduler<CoordinatorMessage> timers;
    private final SecureRandom nonces = new SecureRandom();
    /** Every live registered worker, ring members or not. */
    private final Map<ActorRef<RankMessage>, RegisterRank> workers = new LinkedHashMap<>();
    private final Set<ActorRef<RankMessage>> brokenReports = new HashSet<>();
    private List<RegisterRank> ring = List.of();
    private long epoch;
    /** Whether this incarnation formed a ring yet (false after a takeover until it re-forms one). */
    private boolean formedHere;
    private boolean finished;

    /** @return the coordinator's behaviour (run it as a cluster singleton, see {@link ClusterNode}) */
    public static Behavior<CoordinatorMessage> create(CoordinatorSettings settings) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Coordinator(ctx, settings, timers)));
    }

    private Coordinator(ActorContext<CoordinatorMessage> ctx, CoordinatorSettings settings,
                        TimerScheduler<CoordinatorMessage> timers) {
        super(ctx);
        this.settings = settings;
        this.timers = timers;
        ActorRef<ClusterEvent.MemberRemoved> removed = ctx.messageAdapter(ClusterEvent.MemberRemoved.class,
                e -> new MemberRemoved(e.member().address().toString()));
        Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(removed, ClusterEvent.MemberRemoved.class));
        ctx.getLog().info("coordinator up: waiting for {} ranks (re-form with at least {})", settings.world(),
                settings.minWorld());
    }

    @Override
    public Receive<CoordinatorMessage> createReceive() {
        return newReceiveBuilder()
                .onMessage(RegisterRank.class, this::onRegister)
                .onMessage(RankTerminated.class, m -> lose(List.of(m.rank()), "rank actor " + m.rank().path() + " terminated"))
                .onMessage(MemberRemoved.class, this::onMemberRemoved)
                .onMessage(RingBroken.class, this::onBroken)
                .onMessage(ReformTimeout.class, this::onReformTimeout)
                .onMessage(RegroupTimeout.class, this::onRegroupTimeout)
                .onMessage(RankFinished.class, this::onFinished)
                .build();
    }

    private Behavior<CoordinatorMessage> onRegister(RegisterRank m) {
        if (workers.containsKey(m.rank())) {
            return this; // a heartbeat re-registration
        }
        getContext().watchWith(m.rank(), new RankTerminated(m.rank()));
        workers.put(m.rank(), m);
        if (m.epoch() > epoch) { // this coordinator took over from one that ran rings already
            epoch = m.epoch();
        }
        getContext().getLog().info("rank registered: {} at {} ({} of {})", m.member(), m.aeronEndpoint(),
                workers.size(), settings.world());
        if (finished) {
            return this;
        }
        if (!formedHere && epoch > 0 && workers.size() < settings.world()) {
            // Took over from a coordinator that ran rings: the survivors re-register one by one over a
            // heartbeat interval. Forming at the first (min-world) would start a ring that the next
            // registration supersedes at once; give them one re-form timeout to come back.
            if (!timers.isTimerActive("regroup")) {
                timers.startSingleTimer("regroup", new RegroupTimeout(), settings.reformTimeout());
            }
            return this;
        }
        if (ring.isEmpty() ? workers.size() >= threshold() : ring.size() < settings.world()) {
            form("registration of " + m.member());
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onRegroupTimeout(RegroupTimeout m) {
        if (finished || formedHere) {
            return this;
        }
        if (workers.size() >= settings.minWorld()) {
            form(workers.size() + " of " + settings.world() + " ranks re-registered after a coordinator takeover");
        } else {
            getContext().getLog().warn("{} ranks re-registered after a coordinator takeover, fewer than min-world {}: "
                    + "waiting for more", workers.size(), settings.minWorld());
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onMemberRemoved(MemberRemoved m) {
        List<ActorRef<RankMessage>> gone = workers.values().stream()
                .filter(r -> r.member().equals(m.address())).map(RegisterRank::rank).toList();
        return gone.isEmpty() ? this : lose(gone, "member " + m.address() + " removed");
    }

    private Behavior<CoordinatorMessage> lose(List<ActorRef<RankMessage>> gone, String why) {
        boolean inRing = false;
        for (ActorRef<RankMessage> r : gone) {
            if (workers.remove(r) != null) {
                getContext().unwatch(r);
            }
            inRing |= ring.stream().anyMatch(x -> x.rank().equals(r));
        }
        if (!inRing || finished) {
            return this;
        }
        getContext().getLog().warn("ring epoch {} lost a rank: {}", epoch, why);
        ring = List.of();
        if (workers.size() >= settings.minWorld()) {
            form(why);
        } else {
            getContext().getLog().warn("{} ranks left, fewer than min-world {}: waiting for replacements",
                    workers.size(), settings.minWorld());
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onBroken(RingBroken m) {
        if (!formedHere) {
            return this; // a report on a ring of the coordinator this one took over from: the regroup re-forms
        }
        if (m.epoch() != epoch || finished) {
            if (m.epoch() < epoch && !finished && ring.size() < settings.world()) {
                form("a stalled rank came back"); // it is registered but in no ring: take it in
            }
            return this;
        }
        if (m.rank() >= 0 && m.rank() < ring.size()) {
            brokenReports.add(ring.get(m.rank()).rank());
        }
        getContext().getLog().warn("epoch {} rank {} reports a broken ring: {}", m.epoch(), m.rank(), m.reason());
        if (brokenReports.size() == ring.size()) {
            form("every rank reported the broken ring");
        } else if (!timers.isTimerActive("reform")) {
            timers.startSingleTimer("reform", new ReformTimeout(epoch), settings.reformTimeout());
        }
        return this;
    }

    private Behavior<CoordinatorMessage> onReformTimeout(ReformTimeout m) {
        if (m.epoch() != epoch || finished || brokenReports.isEmpty()) {
            return this;
        }
        List<RegisterRank> silent = ring.stream().filter(r -> !brokenReports.contains(r.rank())).toList();
        getContext().getLog().warn("epoch {}: {} rank(s) silent after {}: re-forming without them", epoch,
                silent.size(), settings.reformTimeout());
        Set<ActorRef<RankMessage>> keep = new HashSet<>(brokenReports);
        form("re-form timeout", keep);
        return this;
    }

    private Behavior<CoordinatorMessage> onFinished(RankFinished m) {
        if (!finished) {
            getContext().getLog().info("epoch {} rank {} finished at step {}: no more re-forming", m.epoch(), m.rank(), m.step());
        }
        finished = true;
        timers.cancelAll();
        return this;
    }

    private int threshold() {
        return epoch == 0 ? settings.world() : settings.minWorld();
    }

    private void form(String why) {
        form(why, null);
    }

    /** Forms ring epoch + 1 from the registered workers (only those in {@code only} when given). */
    private void form(String why, Set<ActorRef<RankMessage>> only) {
        timers.cancel("reform");
        brokenReports.clear();
        List<RegisterRank> members = new ArrayList<>(workers.values());
        if (only != null) {
            members.removeIf(r -> !only.contains(r.rank()));
        }
        members.sort(Comparator.comparingInt(RegisterRank::preferredRank).thenComparing(RegisterRank::member)
                .thenComparing(RegisterRank::aeronEndpoint));
        if (members.size() > settings.world()) {
            members = members.subList(0, settings.world());
        }
        if (members.size() < threshold()) {
            ring = List.of();
            return;
        }
        epoch++;
        formedHere = true;
        timers.cancel("regroup");
        ring = List.copyOf(members);
        List<String> endpoints = ring.stream().map(RegisterRank::aeronEndpoint).toList();
        long nonce = RingIdentity.draw(epoch, nonces).nonce();
        getContext().getLog().info("ring epoch {} formed with {} ranks ({}): {}", epoch, ring.size(), why, endpoints);
        for (int r = 0; r < ring.size(); r++) {
            ring.get(r).rank().tell(new RingFormed(epoch, r, ring.size(), endpoints, settings.streamsOf(epoch), nonce));
        }
    }
}
