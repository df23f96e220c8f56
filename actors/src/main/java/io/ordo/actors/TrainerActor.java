package io.ordo.actors;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.live.DataLedger;
import io.ordo.actors.live.LanePositions;
import io.ordo.actors.live.LiveFeed;
import io.ordo.actors.metrics.MeteredGradientExchange;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.actors.report.CheckpointFailure;
import io.ordo.actors.report.StepMetrics;
import io.ordo.actors.state.ModelState;
import io.ordo.actors.state.StartState;
import io.ordo.model.Gpt;
import io.ordo.model.safetensors.GptSafetensors;
import io.ordo.model.Objective;
import io.ordo.model.train.GradientExchange;
import io.ordo.model.train.TrainStep;
import io.ordo.model.train.Trainer;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.checkpoint.LoadResult;
import io.ordo.checkpoint.SkippedCheckpoint;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.core.batch.Shard;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.mi.TargetOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.NotUsed;
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
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The training loop, the only one: every data-parallel worker in every mode is one of these. It
 * reads like its spec:
 *
 * <ol>
 *   <li>restore: join the seat's gradient exchange; rank 0 loads the newest checkpoint (when
 *       resuming or restarting) and every rank takes rank 0's state ({@link StartState});</li>
 *   <li>for each batch of a back-pressured Pekko stream that materialises only this rank's rows of
 *       the global batch ({@link Shard}): forward/backward, exchange (token-weighted sum over all
 *       ranks: the global batch's gradient), apply (clip, AdamW); then, as rank 0, maybe checkpoint
 *       (through the {@link Checkpointer}) and maybe evaluate (a parameter snapshot to the
 *       {@link Evaluator}); report the step to the {@link Supervisor}; acknowledge to pull the next;</li>
 *   <li>finish at the job's last step.</li>
 * </ol>
 *
 * <p>Only the {@link GradientExchange} differs between modes: none (one worker), in-JVM workers,
 * or an Aeron ring across processes and hosts (see {@link Seat}). The data cursor is global (it
 * counts global batches, whoever trained which rows), so a checkpoint resumes on any world size.
 * A failure (a crashed step, a broken or superseded ring) fails the worker; its {@link TrainerGroup}
 * fails with it and the supervisor restarts all workers of the node from the last checkpoint, on a
 * new exchange. A checkpoint that cannot be written (full disk, I/O error, read-only file system) is
 * not a failure: it is reported to the supervisor and training goes on.
 *
 * <p>A live source ({@link LiveFeed}) is the same loop: the rank's batches come from the lanes it
 * reads, each batch carries those lanes' positions, and before each checkpoint the ranks gather
 * every lane's position ({@link LanePositions}) so rank 0's checkpoint says exactly which records
 * its state holds. A step in which no rank had data trains nothing and is not counted: the worker
 * reports it as waiting for data (no failure, no restart).
 *
 * <p>Each start materialises a new stream tagged with a fresh generation, so batches of a stream
 * that belonged to a failed start are ignored.
 */
public final class TrainerActor extends AbstractBehavior<TrainerActor.Command> {
    /** Messages. */
    public sealed interface Command {
    }

    /** The stream is ready; acknowledge to get the first batch. */
    public record StreamReady(long generation, ActorRef<Ack> ackTo) implements Command {
    }

    /** One batch (this rank's rows of a global batch); acknowledge when it has been trained on. */
    public record NextBatch(long generation, ActorRef<Ack> ackTo, Batch batch)
            implements Command {
    }

    /** The stream ended (finite sources) or failed. */
    public record StreamEnded(long generation, Throwable failure) implements Command {
    }

    /** Back-pressure acknowledgement to the stream. */
    public enum Ack { INSTANCE }

    private final TrainerServices run;
    private final TrainingJob job;
    private final Seat seat;
    private final GradientExchange exchange;
    private final boolean rankZero;
    private final Gpt model;
    private final Trainer trainer;
    private final TargetOrder order;
    private final long generation = System.nanoTime();
    private final UniqueKillSwitch stream;
    /** The live source, or null. */
    private final LiveFeed live;
    private Cursor cursor;
    /** Live sources: every lane's position as of the last checkpoint (or the one resumed from). */
    private Map<String, Cursor> lanes;
    /** Live sources: this rank's lanes' positions after its last batch (before the first: the checkpoint's, all lanes). */
    private Map<String, Cursor> ownLanes = Map.of();
    /** When this worker last asked for a batch (nanos). */
    private long askedAt = System.nanoTime();
    /** Seconds of the current stretch of steps without data. */
    private double idleSeconds;
    /** Whether in the last step this rank had no data but others had: it then says so again at once. */
    private final AtomicBoolean othersHadData = new AtomicBoolean();
    /** Live sources with {@code source-ledger}: which records each step trained; else null. */
    private final DataLedger ledger;
    private long lastCheckpointStep;
    private boolean finished;
    /** A step threw (possibly half done): this worker's state is not trusted for a shutdown checkpoint. */
    private boolean failed;
    /** This worker is stopping (its PostStop runs). */
    private boolean stopping;

    /** @param incarnation 0 for the node's first start, then 1, 2, ... per restart */
    public static Behavior<Command> create(TrainerServices run, int incarnation, Seat seat) {
        return Behaviors.setup(ctx -> {
            try {
                return new TrainerActor(ctx, run, incarnation, seat);
            } catch (RuntimeException | Error e) {
                failed(run, seat, e);
                seat.close();
                throw e;
            }
        });
    }

    private TrainerActor(ActorContext<Command> ctx, TrainerServices run, int incarnation, Seat seat) {
        super(ctx);
        this.run = run;
        this.job = run.plan().job();
        this.seat = seat;
        GradientExchange joined = seat.join();
        this.exchange = joined.replicas() > 1
                ? new MeteredGradientExchange(joined, OrdoMetrics.get(ctx.getSystem()).allReduce()) : joined;
        this.rankZero = exchange.rank() == 0;
        this.model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
        this.trainer = new Trainer(model, job.optimizer(), exchange);
        boolean resume = job.resume() || incarnation > 0 || seat.epoch() > 1;
        Optional<Checkpoint> latest = rankZero && resume ? loadLatest() : Optional.empty();
        if (rankZero && latest.isEmpty() && job.initFrom() != null) {
            loadInitialWeights();
        }
        Optional<ModelState.Meta> meta = StartState.agree(exchange, model, trainer.optimizer(), latest);
        this.cursor = meta.map(ModelState.Meta::cursor).orElse(null);
        this.lanes = meta.map(ModelState.Meta::lanePositions).orElse(Map.of());
        this.ownLanes = lanes;
        this.live = run.plan().live();
        this.order = meta.isPresent() ? meta.get().order() : run.plan().order();
        long step = trainer.optimizer().stepCount();
        this.lastCheckpointStep = step;
        meta.ifPresent(m -> ctx.getLog().info("rank {} of {} resumed at step {} (cursor {})", exchange.rank(),
                exchange.replicas(), m.step(), cursor));
        Shard shard = new Shard(exchange.rank(), exchange.replicas());
        this.ledger = live != null && job.task().live().options().ledger()
                ? DataLedger.open(job.outDir(), exchange.rank()) : null;
        if (ledger != null) {
            ledger.started(step);
        }
        this.stream = batches(ctx, shard)
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(ActorSink.<Batch, Command, Ack>actorRefWithBackpressure(ctx.getSelf(),
                        (ackTo, batch) -> new NextBatch(generation, ackTo, batch),
                        ackTo -> new StreamReady(generation, ackTo), Ack.INSTANCE,
                        new StreamEnded(generation, null), failure -> new StreamEnded(generation, failure)), Keep.left())
                .run(ctx.getSystem());
        run.supervisor().tell(new Supervisor.TrainerStarted(seat.local(), exchange.rank(), exchange.replicas(),
                seat.epoch(), step, meta.isPresent(), model.params().size(), incarnation));
    }

    /** This rank's batches: from the live feed's lanes, or the task's data from the cursor. */
    private Source<Batch, NotUsed> batches(ActorContext<Command> ctx, Shard shard) {
        var counters = OrdoMetrics.get(ctx.getSystem()).streamCounters();
        if (live != null) {
            return live.batches(shard, lanes, batchConfig(job), counters, othersHadData::get);
        }
        return job.task().batches(job.dataSeed(), Optional.ofNullable(cursor), Optional.ofNullable(order),
                batchConfig(job), counters, shard);
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
            askedAt = System.nanoTime();
            m.ackTo().tell(Ack.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onBatch(NextBatch m) {
        if (m.generation() != generation || finished) {
            return this;
        }
        double waited = (System.nanoTime() - askedAt) / 1e9;
        try {
            seat.checkCurrent();
            train(m.batch(), waited);
        } catch (RuntimeException | Error e) {
            failed = true;
            failed(run, seat, e);
            throw e;
        }
        if (!finished) {
            pause();
            askedAt = System.nanoTime();
            m.ackTo().tell(Ack.INSTANCE);
        }
        return this;
    }

    /**
     * One step: forward/backward, exchange, apply; then checkpoint, evaluate, report, finish.
     *
     * @param waited seconds this worker waited for the batch
     */
    private void train(Batch batch, double waited) {
        long t0 = System.nanoTime();
        TrainStep s = trainer.step(batch.batch());
        if (live != null) {
            othersHadData.set(!s.idle() && batch.lanes().equals(ownLanes));
            if (ledger != null && !s.idle()) {
                ledger.trained(trainer.optimizer().stepCount(), ownLanes, batch.lanes());
            }
            ownLanes = batch.lanes();
        } else {
            cursor = batch.cursor();
        }
        if (s.idle()) {
            idleSeconds += waited + (System.nanoTime() - t0) / 1e9;
            if (seat.local() == 0) {
                run.supervisor().tell(new Supervisor.WaitingForData(exchange.rank(), idleSeconds));
            }
            return;
        }
        idleSeconds = 0;
        long step = trainer.optimizer().stepCount();
        run.plan().faults().check(exchange.rank(), step);
        boolean last = step >= job.steps();
        boolean checkpointNow = last || job.checkpointEvery() > 0 && step % job.checkpointEvery() == 0;
        if (live != null && checkpointNow) {
            lanes = LanePositions.gather(exchange, lanes, ownLanes);
        }
        if (rankZero && checkpointNow) {
            checkpoint();
        }
        if (rankZero && job.evaluatesAt(step)) {
            run.evaluator().tell(new Evaluator.Evaluate(step, model.params().values().dup(), order, run.supervisor()));
        }
        if (seat.local() == 0) {
            run.supervisor().tell(new Supervisor.Stepped(exchange.rank(), new StepMetrics(step,
                    s.losses().total(), s.losses().ntp(), s.losses().top(), s.losses().mtp(), s.optimizer().lr(),
                    s.optimizer().gradNorm(), s.optimizer().skipped(),
                    live != null ? (int) s.targets() : job.tokensPerStep(),
                    (System.nanoTime() - t0) / 1e9, waited)));
        }
        if (last) {
            finished = true;
            seat.finished(step);
            run.supervisor().tell(new Supervisor.TrainingFinished(seat.local(), exchange.rank(), step));
            stream.shutdown();
        }
    }

    private Behavior<Command> onEnded(StreamEnded m) {
        if (m.generation() == generation && !finished && m.failure() != null) {
            failed = true;
            IllegalStateException e = new IllegalStateException("data stream failed: " + m.failure(), m.failure());
            failed(run, seat, e);
            throw e;
        }
        return this;
    }

    /** A worker's failure: release or report its seat, and tell the supervisor why. */
    private static void failed(TrainerServices run, Seat seat, Throwable e) {
        seat.abort(e);
        run.supervisor().tell(new Supervisor.TrainerFailed(seat.epoch(), seat.local(), String.valueOf(e.getMessage())));
    }

    /**
     * Rank 0's checkpoint of this step: a snapshot to the {@link Checkpointer}, or (not
     * {@code async-checkpoint}) written here. A write that fails (disk full, I/O error, read-only)
     * is reported to the supervisor and training goes on; the next checkpoint tries again.
     */
    private void checkpoint() {
        long step = trainer.optimizer().stepCount();
        if (job.asyncCheckpoint()) {
            run.checkpointer().tell(new Checkpointer.Save(
                    ModelState.capture(model, trainer.optimizer(), cursor, lanes, order, job.config(), true),
                    run.supervisor()));
            lastCheckpointStep = step;
        } else {
            long t0 = System.nanoTime();
            Optional<Path> file = save(step);
            if (file.isPresent()) {
                run.supervisor().tell(new Supervisor.CheckpointWritten(step, file.get(), (System.nanoTime() - t0) / 1e9,
                        lanes));
                lastCheckpointStep = step;
            }
        }
    }

    private void pause() {
        if (!run.plan().stepDelay().isZero()) {
            try {
                Thread.sleep(run.plan().stepDelay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * On shutdown (not after a failure of this worker or inside a step), rank 0 checkpoints what the
     * last checkpoint lacks: after every completed step all ranks hold the same parameters, so rank
     * 0's state is the run's state even when another worker's failure stopped it. The data stream
     * cancels itself: its sink watches this actor (shutting it down here would only send its
     * completion to a stopped actor, a dead letter).
     */
    private Behavior<Command> onStop() {
        stopping = true;
        seat.abort(new IllegalStateException("trainer worker " + seat.local() + " stopped"));
        try {
            long step = trainer.optimizer().stepCount();
            // after the last step its checkpoint was written or its failure reported (and the run's
            // exit says so): no second attempt here
            if (rankZero && step > lastCheckpointStep && knowsItsData() && !failed && !finished) {
                if (live != null) {
                    lanes = LanePositions.gather(exchange, lanes, ownLanes);
                }
                if (save(step).isPresent()) {
                    getContext().getLog().info("checkpoint written at shutdown, step {}", step);
                }
            }
        } finally {
            seat.close();
            if (ledger != null) {
                ledger.close();
            }
        }
        return this;
    }

    /**
     * Whether rank 0 can say which data its state holds at shutdown: a task's or corpus's cursor, or
     * the positions of every live lane, which only a worker alone knows without a collective.
     */
    private boolean knowsItsData() {
        return live == null ? cursor != null : exchange.replicas() == 1;
    }

    /**
     * Writes this worker's state as the checkpoint of {@code step} on this thread; a failure is
     * logged and reported to the supervisor.
     *
     * @return the file, empty when the write failed
     */
    private Optional<Path> save(long step) {
        CheckpointStore store = run.plan().store();
        Checkpoint c = ModelState.capture(model, trainer.optimizer(), cursor, lanes, order, job.config(), false);
        try {
            return Optional.of(store.save(c));
        } catch (IOException | RuntimeException e) {
            String error = CheckpointFailure.reason(e);
            if (stopping) { // the supervisor may be gone: say it here
                getContext().getLog().error("checkpoint at shutdown (step {}) failed in {}: {}; the newest checkpoint "
                        + "on disk is an older one", step, store.dir(), error);
            }
            run.supervisor().tell(new Supervisor.CheckpointFailed(step, store.dir(), error));
            return Optional.empty();
        }
    }

    /** Rank 0's newest valid checkpoint; each newer file that does not verify is reported to the supervisor. */
    /**
     * Rank 0 of a fresh start: the job's {@code init-from} weights replace the seed's initialisation
     * (step 0, Adam moments zero); {@link StartState#agree} then hands them to every rank.
     */
    private void loadInitialWeights() {
        try {
            GptSafetensors.load(job.initFrom(), model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read init-from " + job.initFrom() + ": " + e.getMessage(), e);
        }
    }

    private Optional<Checkpoint> loadLatest() {
        LoadResult found;
        try {
            found = run.plan().store().findLatestValid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long resumed = found.checkpoint().map(Checkpoint::step).orElse(-1L);
        for (SkippedCheckpoint s : found.skipped()) {
            run.supervisor().tell(new Supervisor.CheckpointSkipped(s.file(), s.reason(), resumed));
        }
        return found.checkpoint();
    }
}
