package io.ordo.actors;

import io.ordo.actors.metrics.ActorMetrics;
import io.ordo.actors.job.TrainingJob;
import io.ordo.model.train.LocalGradientExchange;
import io.ordo.protocol.checkpoint.Checkpoint;
import io.ordo.protocol.checkpoint.CheckpointStore;
import io.ordo.streams.mi.TargetOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The W data-parallel trainer workers of a run in one JVM ({@code workers} in the job), started and
 * restarted together. Each start (an {@link Incarnation}) loads the newest valid checkpoint once
 * (when resuming or restarting) for all workers, makes a fresh {@link LocalGradientExchange}, spawns
 * {@link ShardTrainer}s 1..W-1 and worker 0, the {@link TrainerActor} that owns the data stream,
 * checkpoints, evaluation and metrics, each on its own thread ({@value #DISPATCHER} is a pinned
 * dispatcher: a worker blocks in the exchange until all W have their gradients), and watches them.
 * With W > 1 it limits BLAS and ND4J to one thread per call, so W workers use W cores.
 *
 * <p>When a worker fails, the group fails with it and its supervisor restarts it with back-off:
 * before the old workers are stopped the exchange is aborted, so a worker blocked in it is released
 * at once, and the next start resumes every worker from the same checkpoint.
 */
public final class TrainerGroup {
    /** Dispatcher of the workers (reference.conf): one thread per worker. */
    public static final String DISPATCHER = "ordo.trainer-dispatcher";

    private TrainerGroup() {
    }

    /** A group whose starts are numbered by {@code incarnations} (shared across restarts). */
    public static Behavior<Void> create(TrainingJob job, ActorRef<Supervisor.Event> supervisor,
                                        ActorRef<Checkpointer.Command> checkpointer,
                                        ActorRef<Evaluator.Command> evaluator, CheckpointStore store,
                                        FaultInjector faults, AtomicInteger incarnations, TargetOrder order) {
        return Behaviors.setup(ctx -> {
            int number = incarnations.getAndIncrement();
            if (job.workers() > 1) {
                oneThreadPerCall();
            }
            // A restart (number > 0) always resumes from the run's newest valid checkpoint.
            Optional<Checkpoint> latest = job.resume() || number > 0 ? loadLatest(store) : Optional.empty();
            Incarnation incarnation = new Incarnation(number, latest,
                    LocalGradientExchange.create(job.workers(), job.exchangeTimeout()));
            DispatcherSelector thread = DispatcherSelector.fromConfig(DISPATCHER);
            List<ActorRef<ShardTrainer.Command>> shards = new ArrayList<>();
            Set<ActorRef<?>> workers = new HashSet<>();
            for (int w = 1; w < job.workers(); w++) {
                ActorRef<ShardTrainer.Command> shard =
                        ctx.spawn(ActorMetrics.instrument("trainer", ShardTrainer.create(job, w, incarnation, faults)),
                                "trainer-" + w, thread);
                shards.add(shard);
                workers.add(shard);
            }
            workers.add(ctx.spawn(ActorMetrics.instrument("trainer", TrainerActor.create(job, supervisor, checkpointer,
                    evaluator, store, faults, order, incarnation, shards)), "trainer-0", thread));
            workers.forEach(ctx::watch);
            return Behaviors.receive(Void.class)
                    .onSignal(Terminated.class, t -> stopped(workers, t))
                    .onSignal(PreRestart.class, s -> abort(incarnation, "trainer workers restarting"))
                    .onSignal(PostStop.class, s -> abort(incarnation, "trainer workers stopped"))
                    .build();
        });
    }

    /**
     * A worker of this start stopped: fail the group, so its supervisor restarts all workers. Workers
     * of an earlier start can still report here (when a failed worker was already gone as that start
     * was torn down, its signal is replayed to the next start): those are ignored.
     */
    private static Behavior<Void> stopped(Set<ActorRef<?>> workers, Terminated t) {
        if (!workers.contains(t.getRef())) {
            return Behaviors.same();
        }
        if (t instanceof ChildFailed f) {
            throw new IllegalStateException("trainer " + t.getRef().path().name() + " failed: " + f.getCause(), f.getCause());
        }
        throw new IllegalStateException("trainer " + t.getRef().path().name() + " stopped mid-run");
    }

    /**
     * W workers already use W threads: BLAS calls and ND4J ops must not fan out on top of that (the
     * launcher sets OMP_NUM_THREADS=1 too; this covers a plain {@code java -jar}). Process-wide.
     */
    private static void oneThreadPerCall() {
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    private static Behavior<Void> abort(Incarnation incarnation, String why) {
        incarnation.exchange().abort(new IllegalStateException(why));
        return Behaviors.same();
    }

    private static Optional<Checkpoint> loadLatest(CheckpointStore store) {
        try {
            return store.loadLatestValid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
