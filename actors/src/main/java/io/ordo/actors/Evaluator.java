package io.ordo.actors;

import io.ordo.actors.eval.ExactMatch;
import io.ordo.actors.eval.HeldOut;
import io.ordo.actors.eval.Perplexity;
import io.ordo.actors.job.TaskSamples;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.report.EvalResult;
import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.Losses;
import io.ordo.streams.batch.BatchAssembler;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.TargetOrder;
import io.ordo.streams.pack.Pack;
import io.ordo.streams.pack.PackedRow;
import io.ordo.streams.tokenize.TaskTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates parameter snapshots on the held-out split with its own model replica, so evaluation
 * runs beside training instead of stalling it: for generated tasks exact-match accuracy of greedy
 * decoding (after the inverse target order), for text the perplexity of the held-out windows, and
 * in both cases the held-out loss per term (NTP, TOP, MTP).
 */
public final class Evaluator {
    /** Messages. */
    public sealed interface Command {
    }

    /** Evaluate {@code params} (a private copy of the flat parameter vector) taken at {@code step}. */
    public record Evaluate(long step, INDArray params, TargetOrder order, ActorRef<Supervisor.Event> replyTo)
            implements Command {
    }

    private Evaluator() {
    }

    /**
     * @param liveHeldOut for a live source, the held-out windows gathered so far (read at each
     *                    evaluation, as the set fills up); null otherwise
     */
    public static Behavior<Command> create(TrainingJob job, Supplier<List<PackedRow>> liveHeldOut) {
        return Behaviors.setup(ctx -> {
            Gpt replica = new Gpt(job.model(), job.objective(), DataType.FLOAT);
            HeldOut fixed = liveHeldOut == null ? HeldOut.of(job, TrainerActor.batchConfig(job)) : null;
            return Behaviors.receive(Command.class)
                    .onMessage(Evaluate.class, e -> {
                        HeldOut heldOut = fixed != null ? fixed : new HeldOut(null, liveHeldOut.get());
                        e.replyTo().tell(new Supervisor.Evaluated(evaluate(job, replica, heldOut, e)));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** Evaluates {@code e.params()} with {@code replica} (whose parameters it overwrites). */
    public static EvalResult evaluate(TrainingJob job, Gpt replica, HeldOut heldOut, Evaluate e) {
        long t0 = System.nanoTime();
        replica.params().values().assign(e.params());
        if (heldOut.isText()) {
            Losses losses = Perplexity.heldOutLoss(replica, heldOut.windows(), TrainerActor.batchConfig(job));
            return new EvalResult(e.step(), Double.NaN, Perplexity.of(losses), losses.total(), losses.ntp(),
                    losses.top(), losses.mtp(), heldOut.windows().size(), (System.nanoTime() - t0) / 1e9);
        }
        TaskGenerator test = heldOut.examples();
        double accuracy = ExactMatch.accuracy(replica, job.task().tokenizer(), test, job.evalExamples(), e.order());
        Losses losses = heldOutLoss(job, replica, test, e.order());
        return new EvalResult(e.step(), accuracy, Double.NaN, losses.total(), losses.ntp(), losses.top(), losses.mtp(),
                job.evalExamples(), (System.nanoTime() - t0) / 1e9);
    }

    /** Loss on one batch of held-out examples, prepared exactly as training batches are. */
    static Losses heldOutLoss(TrainingJob job, Gpt replica, TaskGenerator test, TargetOrder order) {
        BatchConfig config = TrainerActor.batchConfig(job);
        List<PackedRow> rows = new ArrayList<>();
        for (TaskTokens t : TaskSamples.first(test, job.task().tokenizer(), config.rows())) {
            if (order != null) {
                order.apply(t.tokens(), t.targetStart());
            }
            rows.add(Pack.row(t, config.width(), job.task().tokenizer().padId()));
        }
        TokenBatch batch = new BatchAssembler(config).assemble(rows).batch();
        return replica.loss(batch);
    }
}
