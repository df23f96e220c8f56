package io.ordo.actors.distributed;

import io.aeron.Aeron;
import io.ordo.actors.EvalResult;
import io.ordo.actors.StepMetrics;
import io.ordo.actors.TrainerActor;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.metrics.MeteredGradientExchange;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.actors.state.ModelState;
import io.ordo.model.Gpt;
import io.ordo.model.train.TrainStep;
import io.ordo.model.train.Trainer;
import io.ordo.protocol.allreduce.AeronConfig;
import io.ordo.protocol.allreduce.RingChannels;
import io.ordo.protocol.allreduce.RingTimeoutException;
import io.ordo.protocol.checkpoint.Checkpoint;
import io.ordo.protocol.checkpoint.CheckpointStore;
import io.ordo.protocol.cluster.RankMessage;
import io.ordo.protocol.cluster.RingFormed;
import io.ordo.streams.Pipelines;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.TargetOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One data-parallel rank's training loop, on its own thread. For every ring it is assigned:
 * join the Aeron ring (UDP, the coordinator's endpoints and streams) → rank 0 loads the newest
 * checkpoint (on a re-formed ring, or a resumed job) and broadcasts parameters, Adam moments, step
 * and data cursor, so every rank starts from identical state → loop {pull the next global batch;
 * step on this rank's rows with gradients summed over the ring; rank 0 hands a parameter
 * snapshot to the node's {@link RankZeroEvaluator} every {@code evalEvery} steps and at the last
 * (evaluation runs beside the ring, never inside a step) and checkpoints every N (captured on this
 * thread, written on the checkpoint thread, so the ring never waits for the disk)} → rank 0 waits
 * for the last step's checkpoint and evaluation → report finished.
 *
 * <p>A {@link RingTimeoutException} (a neighbour died or stalled) ends the ring: the rank reports it
 * and waits for the next assignment instead of hanging. A newer assignment arriving mid-ring
 * supersedes the current one at the next step boundary.
 */
public final class RankWorker implements Runnable {
    private final TrainingJob job;
    private final TargetOrder order;
    private final Aeron aeron;
    private final AeronConfig aeronConfig;
    private final ActorSystem<?> system;
    private final RankProgress progress;
    private final Duration stepDelay;
    private final RankZeroEvaluator evaluator;
    private final BlockingQueue<RingFormed> rings = new LinkedBlockingQueue<>();
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private volatile ActorRef<RankMessage> agent;
    private volatile boolean stopped;
    /** Opened when this worker first becomes rank 0 (only rank 0 writes checkpoints). */
    private CheckpointStore store;
    /** Writes rank 0's checkpoints beside the ring, one at a time. */
    private final ExecutorService checkpointWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ordo-rank0-checkpoint");
        t.setDaemon(true);
        return t;
    });
    /** The checkpoint being written, or a completed future. */
    private CompletableFuture<Void> pendingCheckpoint = CompletableFuture.completedFuture(null);
    /** The evaluation of the last step, when this worker trained it as rank 0; null otherwise. */
    private CompletableFuture<EvalResult> finalEvaluation;

    /**
     * @param job         the job; its batch size is the global batch, split over the ring
     * @param order       target order (the same on every rank)
     * @param aeron       the node's Aeron client
     * @param aeronConfig timeouts, mtu, term length of the ring
     * @param system      runs the data stream
     * @param progress    progress callbacks
     * @param evaluator   the node's evaluator of rank 0's snapshots (it reports to {@code progress} too)
     * @param stepDelay   pause after each step (throttles demos and failure tests; zero normally)
     */
    public RankWorker(TrainingJob job, TargetOrder order, Aeron aeron, AeronConfig aeronConfig, ActorSystem<?> system,
                      RankProgress progress, RankZeroEvaluator evaluator, Duration stepDelay) {
        this.job = job;
        this.order = order;
        this.aeron = aeron;
        this.aeronConfig = aeronConfig;
        this.system = system;
        this.progress = progress;
        this.evaluator = evaluator;
        this.stepDelay = stepDelay;
    }

    /** Where ring failures and the finish are reported (the worker's {@link RankAgent}); set before start. */
    public void reportTo(ActorRef<RankMessage> agent) {
        this.agent = agent;
    }

    /** Queues a ring assignment (any thread). */
    public void assign(RingFormed ring) {
        rings.add(ring);
    }

    /** @return completes with the last step when training finished, exceptionally on a bug */
    public CompletableFuture<Long> done() {
        return done;
    }

    /** Stops waiting or training (the thread exits at the next step boundary or wait). */
    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                RingFormed ring = nextRing();
                if (ring == null) {
                    continue;
                }
                long step;
                try {
                    step = trainInRing(ring);
                } catch (RingTimeoutException | IllegalStateException e) {
                    progress.onRingBroken(ring.epoch(), ring.rank(), e.getMessage());
                    agent.tell(new RankAgent.Broken(ring.epoch(), ring.rank(), String.valueOf(e.getMessage())));
                    continue;
                } catch (RingSuperseded e) {
                    continue; // the next loop takes the newer ring
                }
                awaitFinalEvaluation(step);
                agent.tell(new RankAgent.Finished(ring.epoch(), ring.rank(), step));
                done.complete(step);
                return;
            }
            done.completeExceptionally(new IllegalStateException("rank worker stopped before the job finished"));
        } catch (Throwable t) {
            done.completeExceptionally(t);
        } finally {
            checkpointWriter.shutdown();
            try {
                checkpointWriter.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (store != null) {
                store.close();
            }
        }
    }

    /** @return the newest queued assignment, waiting up to a second for one */
    private RingFormed nextRing() throws InterruptedException {
        RingFormed ring = rings.poll(1, TimeUnit.SECONDS);
        if (ring == null) {
            return null;
        }
        for (RingFormed newer = rings.poll(); newer != null; newer = rings.poll()) {
            ring = newer.epoch() > ring.epoch() ? newer : ring;
        }
        return ring;
    }

    private long trainInRing(RingFormed ring) throws Exception {
        finalEvaluation = null;
        int rank = ring.rank();
        int world = ring.world();
        try (AeronGradientExchange exchange = AeronGradientExchange.join(aeron, rank,
                RingChannels.udp(ring.endpoints(), ring.baseStreamId()), aeronConfig)) {
            Gpt model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
            Trainer trainer = new Trainer(model, job.optimizer(),
                    new MeteredGradientExchange(exchange, OrdoMetrics.get(system).allReduce()));
            TaskGenerator train = job.task().train(job.dataSeed());
            long[] header = {0, -1, 0}; // step, cursor offset (-1: start of data), cursor token skip
            boolean resume = job.resume() || ring.epoch() > 1;
            if (rank == 0 && resume) {
                awaitCheckpoint(); // this node's write of an earlier ring may still be in flight
                Optional<Checkpoint> latest = store().loadLatestValid();
                if (latest.isPresent()) {
                    ModelState.Meta meta = ModelState.restore(latest.get(), model, trainer.optimizer());
                    Cursor c = meta.cursor();
                    header = new long[] {meta.step(), c == null ? -1 : c.offset(), c == null ? 0 : c.tokenSkip()};
                }
            }
            exchange.broadcastFromRankZero(model.params().values(), trainer.optimizer().firstMoment(),
                    trainer.optimizer().secondMoment());
            header = exchange.broadcastLongsFromRankZero(header);
            trainer.optimizer().restore(header[0]);
            Cursor cursor = header[1] < 0 ? null : new Cursor(train.id(), header[1], (int) header[2]);
            progress.onRing(ring.epoch(), rank, world, header[0], header[0] > 0, model.params().size());
            return loop(ring, trainer, train, cursor);
        }
    }

    private long loop(RingFormed ring, Trainer trainer, TaskGenerator train, Cursor cursor) throws Exception {
        SinkQueueWithCancel<Batch> batches = Pipelines.task(train, Optional.ofNullable(cursor), job.task().tokenizer(),
                        Optional.ofNullable(order), TrainerActor.batchConfig(job), new BadInputCounters())
                .runWith(Sink.queue(), system);
        try {
            long step = trainer.optimizer().stepCount();
            while (step < job.steps()) {
                if (stopped) {
                    throw new InterruptedException("stopped");
                }
                RingFormed newer = rings.peek();
                while (newer != null && newer.epoch() <= ring.epoch()) { // a stale duplicate
                    rings.remove(newer);
                    newer = rings.peek();
                }
                if (newer != null) {
                    throw new RingSuperseded(ring.epoch(), newer.epoch());
                }
                Batch batch = pull(batches);
                long t0 = System.nanoTime();
                TrainStep s = trainer.step(BatchShards.shard(batch.batch(), ring.rank(), ring.world()));
                step = trainer.optimizer().stepCount();
                cursor = batch.cursor();
                progress.onStep(ring.epoch(), ring.rank(), ring.world(), new StepMetrics(step, s.losses().total(),
                        s.losses().ntp(), s.losses().top(), s.losses().mtp(), s.optimizer().lr(), s.optimizer().gradNorm(),
                        s.optimizer().skipped(), s.tokens(), (System.nanoTime() - t0) / 1e9));
                if (ring.rank() == 0 && (step == job.steps() || job.evalEvery() > 0 && step % job.evalEvery() == 0)) {
                    CompletableFuture<EvalResult> evaluation =
                            evaluator.submit(step, trainer.model().params().values().dup(), order);
                    finalEvaluation = step == job.steps() ? evaluation : null;
                }
                if (ring.rank() == 0 && (step == job.steps()
                        || job.checkpointEvery() > 0 && step % job.checkpointEvery() == 0)) {
                    checkpoint(ModelState.capture(trainer.model(), trainer.optimizer(), cursor, order, job.toString(), false));
                }
                if (!stepDelay.isZero()) {
                    Thread.sleep(stepDelay.toMillis());
                }
            }
            awaitCheckpoint(); // the last step's checkpoint is on disk before this rank reports finished
            return step;
        } finally {
            batches.cancel();
        }
    }

    /**
     * Writes {@code snapshot} (already a copy: capture serialises the state) on the checkpoint
     * thread, so the ring does not wait for the disk: a write longer than the exchange timeout would
     * otherwise break the ring at every checkpoint. One write at a time: a checkpoint due while the
     * previous one is still being written waits for it.
     */
    private void checkpoint(Checkpoint snapshot) throws InterruptedException {
        awaitCheckpoint();
        pendingCheckpoint = CompletableFuture.runAsync(() -> {
            long c0 = System.nanoTime();
            try {
                Path file = store().save(snapshot);
                progress.onCheckpoint(snapshot.step(), file, (System.nanoTime() - c0) / 1e9);
            } catch (IOException e) {
                throw new UncheckedIOException("rank 0 could not write the checkpoint of step " + snapshot.step()
                        + " to " + job.checkpointDir() + ": " + e.getMessage(), e);
            }
        }, checkpointWriter);
    }

    /**
     * Waits for the checkpoint being written, if any, and rethrows its failure as the inline write
     * did (an I/O error fails this worker; it is not a broken ring).
     */
    private void awaitCheckpoint() throws InterruptedException {
        try {
            pendingCheckpoint.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) e.getCause(); // a Runnable throws nothing checked
        } finally {
            pendingCheckpoint = CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Waits (as rank 0 of the ring that trained the last step) until the last step's evaluation is
     * reported, so the run's record is complete before this rank reports finished.
     *
     * @throws IllegalStateException if that evaluation failed
     */
    private void awaitFinalEvaluation(long step) throws InterruptedException {
        CompletableFuture<EvalResult> evaluation = finalEvaluation;
        while (evaluation != null) {
            try {
                evaluation.get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                if (stopped) {
                    throw new InterruptedException("stopped while waiting for the evaluation of step " + step);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("the held-out evaluation of the last step (" + step + ") failed: "
                        + e.getCause(), e.getCause());
            }
        }
    }

    private static Batch pull(SinkQueueWithCancel<Batch> batches) throws InterruptedException {
        try {
            return batches.pull().toCompletableFuture().get()
                    .orElseThrow(() -> new IllegalArgumentException("the data stream ended before the last step"));
        } catch (ExecutionException e) {
            throw new IllegalArgumentException("the data stream failed: " + e.getCause(), e.getCause());
        }
    }

    private CheckpointStore store() {
        if (store == null) {
            try {
                store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return store;
    }
}
