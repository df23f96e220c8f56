package io.ordo.actors;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.actors.state.ModelState;
import io.ordo.model.Gpt;
import io.ordo.model.Objective;
import io.ordo.model.TokenBatch;
import io.ordo.model.train.TrainStep;
import io.ordo.model.train.Trainer;
import io.ordo.protocol.checkpoint.Checkpoint;
import io.ordo.protocol.checkpoint.CheckpointStore;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.mi.TargetOrder;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
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
 * Trainer worker 0: one model and its optimizer, fed by a back-pressured Pekko stream of batches:
 * each batch is one step (forward, backward, gradient exchange, AdamW), then an acknowledgement pulls
 * the next. It checkpoints every N steps through the {@link Checkpointer}, sends parameter snapshots
 * to the {@link Evaluator} every M steps, reports step metrics, and on start (or restart) resumes from
 * its {@link Incarnation}'s checkpoint.
 *
 * <p>With W data-parallel workers it stays the only owner of the data stream: each batch of B rows
 * is cut into W row ranges of B/W; it sends rows [w*B/W, (w+1)*B/W) to {@link ShardTrainer} w and
 * trains on the first range itself. One stream and one cursor keep resume exact and independent of
 * W: a checkpoint's cursor says which batches were consumed, whoever trained on which rows. Its
 * reported losses are the sum of the workers' shares (the whole batch's loss), its tokens the whole batch's.
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
    private final Incarnation incarnation;
    private final List<ActorRef<ShardTrainer.Command>> shardTrainers;
    private final long generation;
    private final UniqueKillSwitch stream;
    private Cursor cursor;
    private long lastCheckpointStep;
    private boolean finished;
    /** A step threw (possibly half done): this worker's state is not trusted for a shutdown checkpoint. */
    private boolean failed;

    /**
     * @param shardTrainers workers 1..W-1 of the same incarnation, in rank order (empty for W = 1)
     */
    public static Behavior<Command> create(TrainingJob job, ActorRef<Supervisor.Event> supervisor,
                                           ActorRef<Checkpointer.Command> checkpointer,
                                           ActorRef<Evaluator.Command> evaluator, CheckpointStore store,
                                           FaultInjector faults, TargetOrder initialOrder, Incarnation incarnation,
                                           List<ActorRef<ShardTrainer.Command>> shardTrainers) {
        if (shardTrainers.size() != job.workers() - 1) {
            throw new IllegalArgumentException("job has " + job.workers() + " workers but worker 0 got "
                    + shardTrainers.size() + " shard trainers");
        }
        return Behaviors.setup(ctx -> new TrainerActor(ctx, job, supervisor, checkpointer, evaluator, store, faults,
                initialOrder, incarnation, List.copyOf(shardTrainers)));
    }

    private TrainerActor(ActorContext<Command> ctx, TrainingJob job, ActorRef<Supervisor.Event> supervisor,
                         ActorRef<Checkpointer.Command> checkpointer, ActorRef<Evaluator.Command> evaluator,
                         CheckpointStore store, FaultInjector faults, TargetOrder initialOrder,
                         Incarnation incarnation, List<ActorRef<ShardTrainer.Command>> shardTrainers) {
        super(ctx);
        this.job = job;
        this.supervisor = supervisor;
        this.checkpointer = checkpointer;
        this.evaluator = evaluator;
        this.store = store;
        this.faults = faults;
        this.incarnation = incarnation;
        this.shardTrainers = shardTrainers;
        this.model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
        this.trainer = new Trainer(model, job.optimizer(), incarnation.exchange().participant(0));
        Optional<Checkpoint> latest = incarnation.checkpoint();
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
        supervisor.tell(new Supervisor.TrainerStarted(trainer.optimizer().stepCount(), model.params().size(),
                incarnation.number()));
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
        try {
            return train(m);
        } catch (RuntimeException | Error e) {
            failed = true;
            incarnation.exchange().abort(e);
            throw e;
        }
    }

    private Behavior<Command> train(NextBatch m) {
        long t0 = System.nanoTime();
        TokenBatch batch = m.batch().batch();
        TrainStep s = trainer.step(shareOut(batch));
        cursor = m.batch().cursor();
        long step = trainer.optimizer().stepCount();
        faults.check(0, step);
        supervisor.tell(new Supervisor.Stepped(new StepMetrics(step, s.losses().total(), s.losses().ntp(),
                s.losses().top(), s.losses().mtp(), s.optimizer().lr(), s.optimizer().gradNorm(),
                s.optimizer().skipped(), batch.inputTokens(), (System.nanoTime() - t0) / 1e9)));
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

    /** Sends rows [w*B/W, (w+1)*B/W) to shard trainer w and returns worker 0's own rows. */
    private TokenBatch shareOut(TokenBatch batch) {
        if (shardTrainers.isEmpty()) {
            return batch;
        }
        int workers = shardTrainers.size() + 1;
        if (batch.rows() % workers != 0) {
            throw new IllegalStateException("batch of " + batch.rows() + " rows does not split over " + workers + " workers");
        }
        int share = batch.rows() / workers;
        for (int w = 1; w < workers; w++) {
            shardTrainers.get(w - 1).tell(new ShardTrainer.Train(batch.rows(w * share, share)));
        }
        return batch.rows(0, share);
    }

    private Behavior<Command> onEnded(StreamEnded m) {
        if (m.generation() == generation && !finished && m.failure() != null) {
            failed = true;
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

    /**
     * On shutdown (not after a failure of this worker or inside a step): checkpoint what the last
     * checkpoint lacks. The other workers hold the same parameters after every completed step, so
     * worker 0's state is the run's state even when another worker's failure stops it.
     */
    private Behavior<Command> onStop() {
        stream.shutdown();
        incarnation.exchange().abort(new IllegalStateException("trainer worker 0 stopped"));
        long step = trainer.optimizer().stepCount();
        if (step > lastCheckpointStep && cursor != null && !failed) {
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
