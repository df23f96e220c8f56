package io.ordo.actors;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.metrics.ActorMetrics;
import io.ordo.protocol.checkpoint.CheckpointStore;
import io.ordo.streams.mi.TargetOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Root of a training run: spawns the {@link Checkpointer} and {@link Evaluator} (on the blocking
 * dispatcher) and the {@link TrainerGroup} of trainer workers under a restart-with-back-off strategy
 * (a restarted group resumes all its workers from the newest valid checkpoint), writes {@code metrics.jsonl}, reports to a
 * {@link RunListener}, and completes {@code done} once the last step's evaluation and checkpoint
 * are in.
 */
public final class Supervisor extends AbstractBehavior<Supervisor.Event> {
    /** What the supervisor hears from its children. */
    public sealed interface Event {
    }

    /** The trainer workers (re)started at {@code step}; {@code incarnation} 0 is the first start. */
    public record TrainerStarted(long step, long parameters, int incarnation) implements Event {
    }

    /** One optimizer step finished. */
    public record Stepped(StepMetrics metrics) implements Event {
    }

    /** An evaluation finished. */
    public record Evaluated(EvalResult result) implements Event {
    }

    /** A checkpoint is on disk. */
    public record CheckpointWritten(long step, Path file, double seconds) implements Event {
    }

    /** Trainer worker 0 reached the last step. */
    public record TrainingFinished(long step) implements Event {
    }

    /** Back-off bounds of trainer group restarts. */
    static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final TrainingJob job;
    private final RunListener listener;
    private final CompletableFuture<RunSummary> done;
    private final MetricsLog metrics;
    private final long startNanos = System.nanoTime();
    private long tokens;
    private long tokensAtLastLog;
    private long nanosAtLastLog = System.nanoTime();
    private int restarts;
    private long finishedStep = -1;
    private EvalResult finalEval;
    private long lastCheckpointStep = -1;

    public static Behavior<Event> create(TrainingJob job, CheckpointStore store, TargetOrder order,
                                         FaultInjector faults, RunListener listener, CompletableFuture<RunSummary> done) {
        return Behaviors.setup(ctx -> new Supervisor(ctx, job, store, order, faults, listener, done));
    }

    private Supervisor(ActorContext<Event> ctx, TrainingJob job, CheckpointStore store, TargetOrder order,
                       FaultInjector faults, RunListener listener, CompletableFuture<RunSummary> done) {
        super(ctx);
        this.job = job;
        this.listener = listener;
        this.done = done;
        this.metrics = new MetricsLog(job.metricsFile());
        ActorRef<Checkpointer.Command> checkpointer =
                ctx.spawn(ActorMetrics.instrument("checkpointer", Checkpointer.create(store)), "checkpointer",
                        DispatcherSelector.blocking());
        ActorRef<Evaluator.Command> evaluator =
                ctx.spawn(ActorMetrics.instrument("evaluator", Evaluator.create(job)), "evaluator",
                        DispatcherSelector.blocking());
        // Trainer restarts are the group's (all workers restart together); its workers (trainer-N) count their messages.
        Behavior<Void> trainers = Behaviors.supervise(ActorMetrics.instrument("trainer",
                        TrainerGroup.create(job, ctx.getSelf(), checkpointer, evaluator, store, faults,
                                new AtomicInteger(), order)))
                .onFailure(SupervisorStrategy.restartWithBackoff(MIN_BACKOFF, MAX_BACKOFF, 0.2));
        ctx.spawn(trainers, "trainers");
    }

    @Override
    public Receive<Event> createReceive() {
        return newReceiveBuilder()
                .onMessage(TrainerStarted.class, this::onStarted)
                .onMessage(Stepped.class, this::onStep)
                .onMessage(Evaluated.class, this::onEval)
                .onMessage(CheckpointWritten.class, this::onCheckpoint)
                .onMessage(TrainingFinished.class, this::onFinished)
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
                    metrics.close();
                    return this;
                })
                .build();
    }

    private Behavior<Event> onStarted(TrainerStarted m) {
        if (m.incarnation() > 0) {
            restarts++;
            metrics.restart(m.step());
            listener.onTrainerRestart(m.step(), null);
        } else {
            listener.onStart(m.step(), job.steps(), m.parameters());
        }
        return this;
    }

    private Behavior<Event> onStep(Stepped m) {
        StepMetrics s = m.metrics();
        tokens += s.tokens();
        listener.onStep(s);
        if (s.step() % job.logEvery() == 0 || s.step() == job.steps()) {
            long now = System.nanoTime();
            double rate = (tokens - tokensAtLastLog) / Math.max(1e-9, (now - nanosAtLastLog) / 1e9);
            metrics.train(s, rate);
            tokensAtLastLog = tokens;
            nanosAtLastLog = now;
        }
        return this;
    }

    private Behavior<Event> onEval(Evaluated m) {
        metrics.eval(m.result());
        listener.onEval(m.result());
        if (m.result().step() == job.steps()) {
            finalEval = m.result();
        }
        return maybeDone();
    }

    private Behavior<Event> onCheckpoint(CheckpointWritten m) {
        metrics.checkpoint(m.step(), m.file(), m.seconds());
        listener.onCheckpoint(m.step(), m.file(), m.seconds());
        lastCheckpointStep = Math.max(lastCheckpointStep, m.step());
        return maybeDone();
    }

    private Behavior<Event> onFinished(TrainingFinished m) {
        finishedStep = m.step();
        return maybeDone();
    }

    private Behavior<Event> maybeDone() {
        if (finishedStep >= 0 && finalEval != null && lastCheckpointStep >= finishedStep) {
            RunSummary summary = new RunSummary(finishedStep, finalEval, restarts,
                    (System.nanoTime() - startNanos) / 1e9, tokens);
            listener.onFinish(summary);
            done.complete(summary);
            return Behaviors.stopped();
        }
        return this;
    }
}
