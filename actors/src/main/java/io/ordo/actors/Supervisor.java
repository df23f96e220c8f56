package io.ordo.actors;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.metrics.ActorMetrics;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.actors.report.CheckpointFailure;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.report.StepMetrics;
import io.ordo.streams.cursor.Cursor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Root of a run on one node: spawns the {@link Checkpointer} and {@link Evaluator} (on the blocking
 * dispatcher) and the node's {@link TrainerGroup} under a restart-with-back-off strategy (a restarted
 * group resumes all its workers from rank 0's newest valid checkpoint), reports to a
 * {@link RunListener}, and completes {@code done} once every local worker trained the last step and,
 * where rank 0 trained it, the last step's evaluation and checkpoint are in.
 *
 * <p>While one of its workers holds rank 0 it writes the run's {@code metrics.jsonl} (train lines
 * every {@code logEvery} steps, checkpoints, failed and skipped checkpoints, evaluations, and a
 * restart line per restart). A failed checkpoint write does not stop training (see
 * {@link CheckpointFailed}). A
 * launched node whose workers hold no rank 0 writes nothing, so one node writes the file at a time.
 */
public final class Supervisor extends AbstractBehavior<Supervisor.Event> {
    /** What the supervisor hears from its children. */
    public sealed interface Event {
    }

    /**
     * Local worker {@code local} of start {@code incarnation} (0 is the first) holds {@code rank} of
     * {@code world} in ring {@code epoch} (0 in one JVM) and starts at {@code step}.
     */
    public record TrainerStarted(int local, int rank, int world, long epoch, long step, boolean resumed,
                                 long parameters, int incarnation) implements Event {
    }

    /** One optimizer step finished (reported by the node's local worker 0); losses are the global batch's. */
    public record Stepped(int rank, StepMetrics metrics) implements Event {
    }

    /** An evaluation finished. */
    public record Evaluated(EvalResult result) implements Event {
    }

    /**
     * A checkpoint is on disk, durably; {@code lanes} are the live-source positions it holds (empty
     * for tasks and corpora): what it covers may now be released.
     */
    public record CheckpointWritten(long step, Path file, double seconds, Map<String, Cursor> lanes) implements Event {
    }

    /** The checkpoint of {@code step} could not be written to {@code dir}: {@code error} says why. */
    public record CheckpointFailed(long step, Path dir, String error) implements Event {
    }

    /**
     * Resuming passed over {@code file} ({@code reason}: the file and the check that failed) and
     * starts from the checkpoint at {@code resumedStep} (-1: none was valid).
     */
    public record CheckpointSkipped(Path file, String reason, long resumedStep) implements Event {
    }

    /** A step found no data on any rank ({@code idleSeconds} into the idle stretch); nothing trained. */
    public record WaitingForData(int rank, double idleSeconds) implements Event {
    }

    /** Local worker {@code local}, holding {@code rank}, trained the last step. */
    public record TrainingFinished(int local, int rank, long step) implements Event {
    }

    /** Local worker {@code local} failed in ring {@code epoch} (0 in one JVM); its group restarts. */
    public record TrainerFailed(long epoch, int local, String reason) implements Event {
    }

    /** Back-off bounds of trainer group restarts. */
    static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final NodePlan plan;
    private final TrainingJob job;
    private final RunListener listener;
    private final CompletableFuture<RunSummary> done;
    private final long startNanos = System.nanoTime();
    /** Opened when a local worker first holds rank 0. */
    private MetricsLog metrics;
    private long tokens;
    private long tokensAtLastLog;
    private long nanosAtLastLog = System.nanoTime();
    private int restarts;
    private int incarnation = -1;
    /** Whether a worker of the newest start holds rank 0. */
    private boolean rankZeroHere;
    private final Set<Integer> finishedLocal = new HashSet<>();
    private long finishedStep = -1;
    private boolean rankZeroFinished;
    private EvalResult finalEval;
    /** A trainer start was reported (the listener heard onStart). */
    private boolean started;
    private long lastCheckpointStep = -1;
    /** The newest checkpoint known to be on disk: the last one written, or the one resumed from; -1 if none. */
    private long lastGoodStep = -1;
    /** The newest checkpoint failure, or null. */
    private CheckpointFailure lastFailure;
    /** The highest step whose checkpoint was attempted (written or failed). */
    private long lastAttemptStep = -1;

    /**
     * The supervisor of {@code plan}'s run. A live source that cannot start (its ingest port in use)
     * completes {@code done} with that failure and stops the supervisor, without the failure logs of
     * a crashing guardian: the caller reports it as one line.
     */
    public static Behavior<Event> create(NodePlan plan, RunListener listener, CompletableFuture<RunSummary> done) {
        return Behaviors.setup(ctx -> {
            if (plan.isLive()) {
                try {
                    plan.live().start(ctx.getSystem());
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                    return Behaviors.stopped();
                }
            }
            return new Supervisor(ctx, plan, listener, done);
        });
    }

    private Supervisor(ActorContext<Event> ctx, NodePlan plan, RunListener listener, CompletableFuture<RunSummary> done) {
        super(ctx);
        this.plan = plan;
        this.job = plan.job();
        this.listener = listener;
        this.done = done;
        ActorRef<Checkpointer.Command> checkpointer =
                ctx.spawn(Behaviors.supervise(ActorMetrics.instrument("checkpointer", Checkpointer.create(plan.store())))
                        .onFailure(SupervisorStrategy.restart()), "checkpointer", DispatcherSelector.blocking());
        if (plan.isLive()) {
            listener.onLiveSource(plan.live().describe());
        }
        ActorRef<Evaluator.Command> evaluator =
                ctx.spawn(ActorMetrics.instrument("evaluator", Evaluator.create(job,
                        plan.isLive() ? () -> plan.live().heldOut().snapshot() : null)), "evaluator",
                        DispatcherSelector.blocking());
        TrainerServices services = new TrainerServices(plan, ctx.getSelf(), checkpointer, evaluator);
        // Trainer restarts are the group's (all workers restart together); its workers (trainer-N) count their messages.
        Behavior<TrainerGroup.Command> trainers = Behaviors.supervise(ActorMetrics.instrument("trainer",
                        TrainerGroup.create(services, new AtomicInteger())))
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
                .onMessage(CheckpointFailed.class, this::onCheckpointFailed)
                .onMessage(CheckpointSkipped.class, this::onCheckpointSkipped)
                .onMessage(WaitingForData.class, m -> {
                    listener.onWaitingForData(m.idleSeconds());
                    return this;
                })
                .onMessage(TrainingFinished.class, this::onFinished)
                .onMessage(TrainerFailed.class, m -> {
                    listener.onTrainerFailed(m.epoch(), m.local(), m.reason());
                    return this;
                })
                .onSignal(PostStop.class, s -> {
                    if (metrics != null) {
                        metrics.close();
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Event> onStarted(TrainerStarted m) {
        if (m.incarnation() > incarnation) {
            incarnation = m.incarnation();
            rankZeroHere = false;
            if (!started) { // the first start reported: incarnation 0, or a later one when 0 failed before it could report
                started = true;
                listener.onStart(m.step(), job.steps(), m.parameters());
            }
            if (m.incarnation() > 0) {
                restarts++;
                listener.onTrainerRestart(m.step(), null);
            }
        }
        listener.onRing(m.epoch(), m.rank(), m.world(), m.step(), m.resumed());
        if (m.rank() == 0) {
            rankZeroHere = true;
            if (m.resumed()) {
                lastGoodStep = Math.max(lastGoodStep, m.step());
            }
            tokensAtLastLog = tokens;
            nanosAtLastLog = System.nanoTime();
            if (m.incarnation() > 0 || m.epoch() > 1) {
                metrics().restart(m.step());
            }
        }
        return this;
    }

    private Behavior<Event> onStep(Stepped m) {
        StepMetrics s = m.metrics();
        tokens += s.tokens();
        listener.onStep(s);
        if (m.rank() == 0 && rankZeroHere && (s.step() % job.logEvery() == 0 || s.step() == job.steps())) {
            long now = System.nanoTime();
            double rate = (tokens - tokensAtLastLog) / Math.max(1e-9, (now - nanosAtLastLog) / 1e9);
            metrics().train(s, rate, badInput());
            tokensAtLastLog = tokens;
            nanosAtLastLog = now;
        }
        return this;
    }

    private Behavior<Event> onEval(Evaluated m) {
        if (rankZeroHere) {
            metrics().eval(m.result());
        }
        listener.onEval(m.result());
        if (m.result().step() == job.steps()) {
            finalEval = m.result();
        }
        return maybeDone();
    }

    private Behavior<Event> onCheckpoint(CheckpointWritten m) {
        if (rankZeroHere) {
            metrics().checkpoint(m.step(), m.file(), m.seconds());
        }
        listener.onCheckpoint(m.step(), m.file(), m.seconds());
        if (plan.isLive() && rankZeroHere) {
            plan.live().durable(m.lanes());
        }
        lastCheckpointStep = Math.max(lastCheckpointStep, m.step());
        lastGoodStep = Math.max(lastGoodStep, m.step());
        lastAttemptStep = Math.max(lastAttemptStep, m.step());
        return maybeDone();
    }

    /**
     * A checkpoint write failed: log it, record it ({@code metrics.jsonl}, listeners: meters,
     * readiness) and go on training; the next checkpoint tries again. A failed last-step checkpoint
     * ends the run all the same, with the failure in its summary.
     */
    private Behavior<Event> onCheckpointFailed(CheckpointFailed m) {
        CheckpointFailure f = new CheckpointFailure(m.step(), m.dir(), m.error(), lastGoodStep);
        getContext().getLog().error("{}; training goes on, the next checkpoint tries again", f.describe());
        if (rankZeroHere) {
            metrics().checkpointFailed(f);
        }
        listener.onCheckpointFailed(f);
        lastFailure = f;
        lastAttemptStep = Math.max(lastAttemptStep, m.step());
        return maybeDone();
    }

    /** Sent by rank 0 while it loads a checkpoint, before it reports its start. */
    private Behavior<Event> onCheckpointSkipped(CheckpointSkipped m) {
        getContext().getLog().warn("{}; resuming from {}", m.reason(),
                m.resumedStep() < 0 ? "scratch: no valid checkpoint" : "step " + m.resumedStep());
        metrics().checkpointSkipped(m.file(), m.reason(), m.resumedStep());
        listener.onCheckpointSkipped(m.file(), m.reason(), m.resumedStep());
        return this;
    }

    private Behavior<Event> onFinished(TrainingFinished m) {
        finishedLocal.add(m.local());
        finishedStep = m.step();
        rankZeroFinished |= m.rank() == 0;
        return maybeDone();
    }

    private Behavior<Event> maybeDone() {
        boolean recorded = !rankZeroFinished || finalEval != null && lastAttemptStep >= finishedStep;
        if (finishedLocal.size() == plan.localWorkers() && recorded) {
            CheckpointFailure notDurable = rankZeroFinished && lastCheckpointStep < finishedStep ? lastFailure : null;
            RunSummary summary = new RunSummary(finishedStep, finalEval, restarts,
                    (System.nanoTime() - startNanos) / 1e9, tokens, badInput(), notDurable);
            listener.onFinish(summary);
            done.complete(summary);
            return Behaviors.stopped();
        }
        return this;
    }

    /** Bad input records skipped so far on this node, by reason in lower case. */
    private Map<String, Long> badInput() {
        Map<String, Long> m = new TreeMap<>();
        OrdoMetrics.get(getContext().getSystem()).streamCounters().snapshot()
                .forEach((reason, n) -> m.put(reason.name().toLowerCase(Locale.ROOT), n));
        return m;
    }

    private MetricsLog metrics() {
        if (metrics == null) {
            metrics = new MetricsLog(job.metricsFile());
        }
        return metrics;
    }
}
