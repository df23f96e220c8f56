package io.ordo.actors.distributed;

import io.ordo.actors.TrainerActor;
import io.ordo.actors.live.LiveFeed;
import io.ordo.actors.live.LiveFeeds;
import java.util.Optional;
import com.typesafe.config.Config;
import io.ordo.actors.FaultInjector;
import io.ordo.actors.NodePlan;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.Supervisor;
import io.ordo.actors.cluster.ClusterNode;
import io.ordo.actors.cluster.CoordinatorSettings;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.metrics.ActorMetrics;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.transport.allreduce.AeronRuntime;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.protocol.cluster.CoordinatorMessage;
import io.ordo.protocol.cluster.RankMessage;
import io.ordo.streams.mi.TargetOrder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.LoggerFactory;

/**
 * Runs one node of a distributed job: joins the Pekko cluster, starts (or proxies) the coordinator
 * singleton, starts the Aeron media driver, registers one {@link RankAgent} per local worker, and
 * runs the same {@link Supervisor} as {@code ordo train}, whose trainer workers take their seats in
 * the coordinator's rings ({@link RingExchangeSource}). Returns when every local worker trained the
 * last step (and, on the node holding rank 0, its evaluation and checkpoint are in).
 */
public final class DistributedRun {
    /** First Aeron stream id of ring streams. */
    static final int BASE_STREAM_ID = 1000;
    /** How long to wait for the actor system to leave the cluster and stop. */
    static final int SHUTDOWN_WAIT_SECONDS = 20;

    private DistributedRun() {
    }

    /**
     * @return the node's summary (its final evaluation is null unless this node held rank 0)
     * @throws IllegalStateException if the node was downed (split-brain resolver)
     */
    public static RunSummary run(TrainingJob job, TargetOrder order, DistributedOptions o, RunListener listener)
            throws Exception {
        return run(job, order, o, listener, config -> ActorSystemSetup.create(BootstrapSetup.create(config)),
                system -> { });
    }

    /**
     * As {@link #run(TrainingJob, TargetOrder, DistributedOptions, RunListener)}, with the node's
     * actor system made from {@code setup} (applied to the cluster config) and handed to
     * {@code started} once it runs, e.g. to bind the node's metrics and health endpoint.
     */
    public static RunSummary run(TrainingJob job, TargetOrder order, DistributedOptions o, RunListener listener,
                                 Function<Config, ActorSystemSetup> setup, Consumer<ActorSystem<?>> started)
            throws Exception {
        if (job.task().isLive() && job.task().live().kind().spooled()) {
            throw new IllegalArgumentException("source " + job.task().live() + " spools on one machine; ordo launch "
                    + "reads kafka://HOST:PORT/TOPIC or tail:DIR (use ordo train --workers N for http, tcp and stdin)");
        }
        List<String> roles = List.of(ClusterNode.WORKER_ROLE, ClusterNode.COORDINATOR_ROLE);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterNode.SYSTEM_NAME,
                setup.apply(ClusterNode.config(o.host(), o.clusterPort(), o.seeds(), roles, o.tls())));
        Optional<LiveFeed> live = LiveFeeds.open(job, TrainerActor.batchConfig(job), job.outDir());
        try (AeronRuntime aeron = AeronRuntime.start(o.aeron(), 2 * o.procsPerNode());
             CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            try {
                started.accept(system);
                ActorRef<CoordinatorMessage> coordinator = ClusterNode.coordinator(system,
                        new CoordinatorSettings(o.world(), o.minWorld(), o.reformTimeout(), BASE_STREAM_ID));
                String member = Cluster.get(system).selfMember().address().toString();
                RingExchangeSource rings = new RingExchangeSource(aeron.aeron(), aeron.config(), o.procsPerNode(),
                        OrdoMetrics.get(system).allReduce().rejectedChunks());
                for (int p = 0; p < o.procsPerNode(); p++) {
                    int local = p;
                    ActorRef<RankMessage> agent = system.systemActorOf(RankAgent.create(coordinator, member,
                            o.aeronEndpoint(p), o.nodeRank() * o.procsPerNode() + p, r -> rings.assign(local, r),
                            o.heartbeat()), "rank-" + p, Props.empty());
                    rings.register(p, agent);
                }
                CompletableFuture<RunSummary> done = new CompletableFuture<>();
                NodePlan plan = new NodePlan(job, store, order, rings, o.procsPerNode(),
                        new FaultInjector(job.failAtStep()), o.stepDelay(), live.orElse(null));
                system.systemActorOf(ActorMetrics.instrument("supervisor", Supervisor.create(plan, listener, done)),
                        "run", Props.empty());
                system.getWhenTerminated().thenRun(() -> done.completeExceptionally(
                        new IllegalStateException("this node left the cluster (downed by the split-brain resolver?)")));
                return done.get();
            } finally {
                terminate(system);
                live.ifPresent(LiveFeed::close);
            }
        }
    }

    private static void terminate(ActorSystem<?> system) throws InterruptedException, java.util.concurrent.ExecutionException {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // Artery can block flushing to a peer that is stopped but not dead (SIGSTOP); the run's
            // result stands and the process exits anyway
            LoggerFactory.getLogger(DistributedRun.class).warn("actor system did not terminate within {} s",
                    SHUTDOWN_WAIT_SECONDS);
        }
    }
}
