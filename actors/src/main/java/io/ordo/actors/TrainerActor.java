package io.ordo.actors;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.actors.state.ModelState;
import io.ordo.model.Gpt;
import io.ordo.model.Objective;
import io.ordo.model.train.TrainStep;
import io.ordo.model.train.Trainer;
import io.ordo.protocol.checkpoint.Checkpoint;
import io.ordo.protocol.checkpoint.CheckpointStore;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.mi.TargetOrder;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One model and its optimizer, fed by a back-pressured Pekko stream of batches: each batch is one
 * step (forward, backward, AdamW), then an acknowledgement pulls the next. It checkpoints every N
 * steps through the {@link Checkpointer}, sends parameter snapshots to the {@link Evaluator} every M
 * steps, and on start (or restart) resumes from the newest valid checkpoint of the run.
 *
 * <p>Each (re)start materialises a new stream tagged with a fresh generation, so batches of a
 * stream that belonged to a failed incarnation are ignored.
 */
public final class TrainerActor extends AbstractBehavior<TrainerActor.Command> {
    /** Messages. */
    public sealed interface Command {
    }

    /** The stream is ready; acknowledge to get the first batch. */
    public record StreamReady(long generation, ActorRef<Ack> ackTo) implements Command {
    }

    /** One batch; acknowledge when it has been trained on. */
    public record NextBatch(long generation, ActorRef<Ack> ackTo, Batch batch) implements Command {
    }

    /** The stream ended (finite sources) or failed. */
    public record StreamEnded(long generation, Throwable failure) implements Command {
    }

    /** Back-pressure acknowledgement to the stream. */
    public enum Ack { INSTANCE }

    private final TrainingJob job;
    private final ActorRef<Supervisor.Event> supervisor;
    private final ActorRef<Checkpointer.Command> checkpointer;
    private final ActorRef<Evaluator.Command> evaluator;
    private final CheckpointStore store;
    private final FaultInjector faults;
    private final Gpt model;
    private final Trainer trainer;
    private final TargetOrder order;
    private final long generation;
    private final UniqueKillSwitch stream;
    private Cursor cursor;
    private long lastCheckpointStep;
    private boolean finished;
    private boolean midStep;

    public static Behavior<Command> create(TrainingJob job, ActorRef<Supervisor.Event> supervisor,
                                           ActorRef<Checkpointer.Command> checkpointer,
                                           ActorRef<Evaluator.Command> evaluator, CheckpointStore store,
                                           FaultInjector faults, java.util.concurrent.atomic.AtomicInteger incarnations,
                                           TargetOrder initialOrder) {
        // A restart (incarnation > 0) always resumes from the run's newest valid checkpoint.
        return Behaviors.setup(ctx -> {
            int incarnation = incarnations.getAndIncrement();
            return new TrainerActor(ctx, job, supervisor, checkpointer, evaluator, store, faults,
                    job.resume() || incarnation > 0, initialOrder, incarnation);
        });
    }

    private TrainerActor(ActorContext<Command> ctx, TrainingJob job, ActorRef<Supervisor.Event> supervisor,
                         ActorRef<Checkpointer.Command> checkpointer, ActorRef<Evaluator.Command> evaluator,
                         CheckpointStore store, FaultInjector faults, boolean resume, TargetOrder initialOrder,
                         int incarnation) {
        super(ctx);
        this.job = job;
        this.supervisor = supervisor;
        this.checkpointer = checkpointer;
        this.evaluator = evaluator;
        this.store = store;
        this.faults = faults;
        this.model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
        this.trainer = new Trainer(model, job.optimizer());
        Optional<Checkpoint> latest = resume ? unchecked(store::loadLatestValid) : Optional.empty();
        if (latest.isPresent()) {
            ModelState.Meta meta = ModelState.restore(latest.get(), model, trainer.optimizer());
            this.cursor = meta.cursor();
            this.order = meta.order();
            ctx.getLog().info("resumed from checkpoint at step {} (cursor {})", meta.step(), cursor);
        } else {
            this.cursor = null;
            this.order = initialOrder;
        }
        this.lastCheckpointStep = trainer.optimizer().stepCount();
        this.generation = System.nanoTime();
        this.stream = job.task().batches(job.dataSeed(), Optional.ofNullable(cursor), Optional.ofNullable(order),
                        batchConfig(job), OrdoMetrics.get(ctx.getSystem()).streamCounters())
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(ActorSink.<Batch, Command, Ack>actorRefWithBackpressure(ctx.getSelf(),
                        (ackTo, batch) -> new NextBatch(generation, ackTo, batch),
                        ackTo -> new StreamReady(generation, ackTo), Ack.INSTANCE,
                        new StreamEnded(generation, null), failure -> new StreamEnded(generation, failure)), Keep.left())
                .run(ctx.getSystem());
        supervisor.tell(new Supervisor.TrainerStarted(trainer.optimizer().stepCount(), model.params().size(), incarnation));
    }

    /** The batch shape a job trains on: one padded example per row of T + lookahead tokens. */
    public static BatchConfig batchConfig(TrainingJob job) {
        Objective o = job.objective();
        int t = job.model().seqLen();
        int window = o.kind() == Objective.Kind.TOP ? o.topWindow(t) : 0;
        return new BatchConfig(job.batchSize(), t, o.lookahead(t), window, o.topK(), o.topConvention());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StreamReady.class, this::onReady)
                .onMessage(NextBatch.class, this::onBatch)
                .onMessage(StreamEnded.class, this::onEnded)
                .onSignal(PreRestart.class, s -> stopStream())
                .onSignal(PostStop.class, s -> onStop())
                .build();
    }

    private Behavior<Command> onReady(StreamReady m) {
        if (m.generation() == generation) {
            m.ackTo().tell(Ack.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onBatch(NextBatch m) {
        if (m.generation() != generation || finished) {
            return this;
        }
        long t0 = System.nanoTime();
        midStep = true;
        TrainStep s = trainer.step(m.batch().batch());
        cursor = m.batch().cursor();
        midStep = false;
        long step = trainer.optimizer().stepCount();
        faults.check(step);
        supervisor.tell(new Supervisor.Stepped(new StepMetrics(step, s.losses().total(), s.losses().ntp(),
                s.losses().top(), s.losses().mtp(), s.optimizer().lr(), s.optimizer().gradNorm(),
                s.optimizer().skipped(), s.tokens(), (System.nanoTime() - t0) / 1e9)));
        boolean last = step >= job.steps();
        if (last || job.checkpointEvery() > 0 && step % job.checkpointEvery() == 0) {
            checkpoint();
        }
        if (last || job.evalEvery() > 0 && step % job.evalEvery() == 0) {
            evaluator.tell(new Evaluator.Evaluate(step, model.params().values().dup(), order, supervisor));
        }
        if (last) {
            finished = true;
            supervisor.tell(new Supervisor.TrainingFinished(step));
            stream.shutdown();
            return this;
        }
        m.ackTo().tell(Ack.INSTANCE);
        return this;
    }

    private Behavior<Command> onEnded(StreamEnded m) {
        if (m.generation() == generation && !finished && m.failure() != null) {
            throw new IllegalStateException("data stream failed", m.failure());
        }
        return this;
    }

    private void checkpoint() {
        long step = trainer.optimizer().stepCount();
        if (job.asyncCheckpoint()) {
            checkpointer.tell(new Checkpointer.Save(
                    ModelState.capture(model, trainer.optimizer(), cursor, order, job.toString(), true), supervisor));
        } else {
            long t0 = System.nanoTime();
            var file = unchecked(() -> store.save(ModelState.capture(model, trainer.optimizer(), cursor, order, job.toString(), false)));
            supervisor.tell(new Supervisor.CheckpointWritten(step, file, (System.nanoTime() - t0) / 1e9));
        }
        lastCheckpointStep = step;
    }

    private Behavior<Command> stopStream() {
        stream.abort(new IllegalStateException("trainer restarting"));
        return this;
    }

    /** On shutdown (not after a failure inside a step): checkpoint what the last checkpoint lacks. */
    private Behavior<Command> onStop() {
        stream.shutdown();
        long step = trainer.optimizer().stepCount();
        if (step > lastCheckpointStep && cursor != null && !midStep) {
            unchecked(() -> store.save(ModelState.capture(model, trainer.optimizer(), cursor, order, job.toString(), false)));
            getContext().getLog().info("checkpoint written at shutdown, step {}", step);
        }
        return this;
    }

    /** An I/O call whose failure fails the trainer (and so triggers its supervision). */
    private interface IoCall<T> {
        T call() throws java.io.IOException;
    }

    private static <T> T unchecked(IoCall<T> call) {
        try {
            return call.call();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
