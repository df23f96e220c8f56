package io.ordo.actors;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.state.ModelState;
import io.ordo.model.Gpt;
import io.ordo.model.TokenBatch;
import io.ordo.model.train.Trainer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Data-parallel trainer worker of rank 1..W-1: its own model replica and optimizer, trained on the
 * rows of each batch that worker 0 (the {@link TrainerActor}, which owns the data stream) sends it.
 * Its step blocks in the gradient exchange until every worker has its gradient, so it runs on a
 * thread of its own. It writes no checkpoints and reports nothing: its parameters are bit-identical
 * to worker 0's after every step.
 *
 * <p>A failure aborts the incarnation's exchange before the worker stops, so the others fail at once
 * instead of waiting for the timeout, and the {@link TrainerGroup} restarts them all together.
 */
public final class ShardTrainer extends AbstractBehavior<ShardTrainer.Command> {
    /** Messages. */
    public sealed interface Command {
    }

    /** Train one step on {@code rows}, this worker's share of the step's batch. */
    public record Train(TokenBatch rows) implements Command {
    }

    private final int rank;
    private final Incarnation incarnation;
    private final FaultInjector faults;
    private final Trainer trainer;

    public static Behavior<Command> create(TrainingJob job, int rank, Incarnation incarnation, FaultInjector faults) {
        return Behaviors.setup(ctx -> new ShardTrainer(ctx, job, rank, incarnation, faults));
    }

    private ShardTrainer(ActorContext<Command> ctx, TrainingJob job, int rank, Incarnation incarnation,
                         FaultInjector faults) {
        super(ctx);
        this.rank = rank;
        this.incarnation = incarnation;
        this.faults = faults;
        Gpt model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
        this.trainer = new Trainer(model, job.optimizer(), incarnation.exchange().participant(rank));
        incarnation.checkpoint().ifPresent(c -> ModelState.restore(c, model, trainer.optimizer()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Train.class, this::onTrain)
                .onSignal(PostStop.class, s -> onStop())
                .build();
    }

    private Behavior<Command> onTrain(Train m) {
        try {
            trainer.step(m.rows());
            faults.check(rank, trainer.optimizer().stepCount());
        } catch (RuntimeException | Error e) {
            incarnation.exchange().abort(e);
            throw e;
        }
        return this;
    }

    private Behavior<Command> onStop() {
        incarnation.exchange().abort(new IllegalStateException("trainer worker " + rank + " stopped"));
        return this;
    }
}
