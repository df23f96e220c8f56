package io.ordo.deploy;

import io.ordo.actors.live.LiveFeed;
import io.ordo.actors.live.LiveFeeds;
import java.util.Optional;
import io.ordo.actors.FaultInjector;
import io.ordo.actors.NodePlan;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.Supervisor;
import io.ordo.actors.TrainerActor;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.metrics.ActorMetrics;
import io.ordo.actors.report.RunListeners;
import io.ordo.deploy.ops.NodeOps;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.TargetOrder;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.typed.ActorSystem;

/** Starts the actor system for one training job and waits for it to finish. */
public final class JobRunner {
    private JobRunner() {
    }

    /**
     * Runs {@code job}, writing {@code resolvedConfig} into its output directory.
     *
     * @throws IllegalStateException when the output directory already has checkpoints and the job
     *                               does not resume (so runs are never mixed by accident)
     */
    public static RunSummary run(TrainingJob job, String resolvedConfig, RunListener listener) throws Exception {
        return run(job, resolvedConfig, listener, NodeOps.off());
    }

    /**
     * As {@link #run(TrainingJob, String, RunListener)}, with the node's metrics, health and
     * dashboard endpoint ({@code ops}) up while the job runs.
     */
    public static RunSummary run(TrainingJob job, String resolvedConfig, RunListener listener, NodeOps ops)
            throws Exception {
        Files.createDirectories(job.outDir());
        try (CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            RunDirectory.claim(job, store, resolvedConfig);
            TargetOrder order = job.task().isText() ? null : targetOrder(job);
            if (job.task().isText() && !job.task().isLive() && job.evalExamples() > 0) {
                BatchConfig shape = TrainerActor.batchConfig(job);
                if (job.task().corpus().heldOutRows(shape.seqLen(), shape.lookahead(), 1).isEmpty()) {
                    throw new IllegalArgumentException("text corpus " + job.task().corpus().path() + " has no held-out "
                            + "window of " + shape.width() + " tokens; add text or raise ordo.job.data.text-held-out");
                }
            }
            Optional<LiveFeed> live = LiveFeeds.open(job, TrainerActor.batchConfig(job), job.outDir());
            CompletableFuture<RunSummary> done = new CompletableFuture<>();
            ActorSystem<Supervisor.Event> system = ActorSystem.create(ActorMetrics.instrument("supervisor",
                    Supervisor.create(NodePlan.inJvm(job, store, order, new FaultInjector(job.failAtStep()), live),
                            RunListeners.of(ops.listener(), listener), done)), "ordo", ops.setup(ConfigFactory.load()));
            ops.start(system, job.outDir());
            system.getWhenTerminated().thenRun(() -> done.completeExceptionally(
                    new IllegalStateException("actor system stopped before the run finished")));
            try {
                return done.get();
            } catch (ExecutionException e) {
                // a run that could not start (its live source's port in use): the caller prints one line
                if (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof IllegalStateException) {
                    throw (RuntimeException) e.getCause();
                }
                throw e;
            } finally {
                ops.close();
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get();
                live.ifPresent(LiveFeed::close);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot use output directory " + job.outDir() + ": " + e.getMessage(), e);
        }
    }

    /** The target order of a generated task (MI order estimated on its training examples). */
    public static TargetOrder targetOrder(TrainingJob job) {
        TaskGenerator train = job.task().train(job.dataSeed());
        int targetLength = job.task().tokenizer().encode(train.example(0).target()).length;
        return job.order().build(train, job.task().tokenizer(), targetLength, job.dataSeed());
    }
}
