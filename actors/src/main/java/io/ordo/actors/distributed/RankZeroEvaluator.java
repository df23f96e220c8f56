package io.ordo.actors.distributed;

import io.ordo.actors.EvalResult;
import io.ordo.actors.Evaluator;
import io.ordo.actors.TrainerActor;
import io.ordo.actors.eval.HeldOut;
import io.ordo.actors.job.TrainingJob;
import io.ordo.model.Gpt;
import io.ordo.streams.mi.TargetOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rank 0's held-out evaluations, off the ring: {@link #submit} queues a parameter snapshot and
 * returns at once, and one thread of this node evaluates the snapshots in order with the
 * single-node {@link Evaluator}'s logic ({@link Evaluator#evaluate}: exact match or perplexity,
 * held-out loss per term) on a model replica of its own. A rank thread therefore never waits for an
 * evaluation inside the all-reduce, whose timeout may be as short as a couple of seconds.
 *
 * <p>Each result goes to {@link RankProgress#onEval} (on the evaluation thread) before its future
 * completes; as evaluations run in order, waiting for the last step's future waits for all of them.
 * One per node, shared by its workers (one of them at most is rank 0 of a ring); the replica and
 * the held-out split are made at the first evaluation, so a node that is never rank 0 holds neither.
 */
public final class RankZeroEvaluator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RankZeroEvaluator.class);

    private final TrainingJob job;
    private final RankProgress progress;
    private final ExecutorService thread;
    /** Made and used on the evaluation thread only. */
    private Gpt replica;
    private HeldOut heldOut;

    /** @param progress receives every result */
    public RankZeroEvaluator(TrainingJob job, RankProgress progress) {
        this.job = job;
        this.progress = progress;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ordo-rank0-eval");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues the evaluation of {@code params} taken after {@code step}.
     *
     * @param params a private copy of the flat parameter vector, not written after this call
     * @param order  the target order the run trains with (null: natural)
     * @return completes with the result once it was reported, exceptionally if the evaluation failed
     */
    public CompletableFuture<EvalResult> submit(long step, INDArray params, TargetOrder order) {
        return CompletableFuture.supplyAsync(() -> evaluate(step, params, order), thread);
    }

    private EvalResult evaluate(long step, INDArray params, TargetOrder order) {
        try {
            if (replica == null) {
                replica = new Gpt(job.model(), job.objective(), DataType.FLOAT);
                heldOut = HeldOut.of(job, TrainerActor.batchConfig(job));
            }
            EvalResult r = Evaluator.evaluate(job, replica, heldOut, new Evaluator.Evaluate(step, params, order, null));
            progress.onEval(r);
            return r;
        } catch (RuntimeException | Error e) {
            LOG.error("held-out evaluation of step {} failed", step, e);
            throw e;
        }
    }

    /** Stops the evaluation thread; queued evaluations are dropped. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
