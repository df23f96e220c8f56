package io.ordo.actors.distributed;

import com.typesafe.config.Config;
import io.ordo.actors.cluster.ClusterNode;
import io.ordo.actors.cluster.CoordinatorSettings;
import io.ordo.actors.job.TrainingJob;
import io.ordo.protocol.allreduce.AeronRuntime;
import io.ordo.protocol.cluster.CoordinatorMessage;
import io.ordo.protocol.cluster.RankMessage;
import io.ordo.streams.mi.TargetOrder;
import java.util.ArrayList;
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
 * singleton, starts the Aeron media driver, and runs {@link DistributedOptions#procsPerNode()} rank
 * workers, each with its {@link RankAgent}; returns when every local worker trained the last step.
 * Whichever local worker is rank 0 writes the run's {@code metrics.jsonl} ({@link RankZeroMetricsLog})
 * and has its parameter snapshots evaluated beside the ring ({@link RankZeroEvaluator}); the node
 * returns only after the last step's evaluation is in that file.
 */
public final class DistributedRun {
    /** First Aeron stream id of ring streams. */
    static final int BASE_STREAM_ID = 1000;
    /** How long to wait for the actor system to leave the cluster and stop. */
    static final int SHUTDOWN_WAIT_SECONDS = 20;

    private DistributedRun() {
    }

    /**
     * @return the last step trained
     * @throws IllegalStateException if the node was downed (split-brain resolver) or a worker failed
     */
    public static long run(TrainingJob job, TargetOrder order, DistributedOptions o, RankProgress progress)
            throws Exception {
        return run(job, order, o, progress, config -> ActorSystemSetup.create(BootstrapSetup.create(config)),
                system -> { });
    }

    /**
     * As {@link #run(TrainingJob, TargetOrder, DistributedOptions, RankProgress)}, with the node's
     * actor system made from {@code setup} (applied to the cluster config) and handed to
     * {@code started} once it runs, e.g. to bind the node's metrics and health endpoint.
     */
    public static long run(TrainingJob job, TargetOrder order, DistributedOptions o, RankProgress progress,
                           Function<Config, ActorSystemSetup> setup, Consumer<ActorSystem<?>> started)
            throws Exception {
        List<String> roles = List.of(ClusterNode.WORKER_ROLE, ClusterNode.COORDINATOR_ROLE);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterNode.SYSTEM_NAME,
                setup.apply(ClusterNode.config(o.host(), o.clusterPort(), o.seeds(), roles)));
        started.accept(system);
        List<RankWorker> workers = new ArrayList<>();
        RankZeroMetricsLog metricsLog = new RankZeroMetricsLog(job);
        RankProgress reports = RankProgress.of(metricsLog, progress);
        try (metricsLog; RankZeroEvaluator evaluator = new RankZeroEvaluator(job, reports);
             AeronRuntime aeron = AeronRuntime.start(o.aeron(), 2 * o.procsPerNode())) {
            ActorRef<CoordinatorMessage> coordinator = ClusterNode.coordinator(system,
                    new CoordinatorSettings(o.world(), o.minWorld(), o.reformTimeout(), BASE_STREAM_ID));
            String member = Cluster.get(system).selfMember().address().toString();
            List<CompletableFuture<Long>> done = new ArrayList<>();
            for (int p = 0; p < o.procsPerNode(); p++) {
                RankWorker worker = new RankWorker(job, order, aeron.aeron(), aeron.config(), system, reports,
                        evaluator, o.stepDelay());
                ActorRef<RankMessage> agent = system.systemActorOf(RankAgent.create(coordinator, member,
                        o.aeronEndpoint(p), o.nodeRank() * o.procsPerNode() + p, worker::assign, o.heartbeat()), "rank-" + p, Props.empty());
                worker.reportTo(agent);
                workers.add(worker);
                done.add(worker.done());
                Thread thread = new Thread(worker, "ordo-rank-" + p);
                thread.start();
            }
            system.getWhenTerminated().thenRun(() -> done.forEach(d -> d.completeExceptionally(
                    new IllegalStateException("this node left the cluster (downed by the split-brain resolver?)"))));
            long step = 0;
            for (CompletableFuture<Long> d : done) {
                step = d.get();
            }
            return step;
        } finally {
            workers.forEach(RankWorker::stop);
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
}
