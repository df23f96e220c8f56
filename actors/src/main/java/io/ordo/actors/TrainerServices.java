package io.ordo.actors;

import io.ordo.actors.job.TrainingJob;
import io.ordo.protocol.checkpoint.CheckpointStore;
import io.ordo.streams.mi.TargetOrder;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What every trainer worker of a node shares: the job, the run's supervisor, checkpointer and
 * evaluator (used by whichever worker holds rank 0), the checkpoint store, the target order a fresh
 * run starts with, the fault hook, and a pause after each step (zero; throttles failure tests).
 */
public record TrainerServices(TrainingJob job, ActorRef<Supervisor.Event> supervisor,
                              ActorRef<Checkpointer.Command> checkpointer, ActorRef<Evaluator.Command> evaluator,
                              CheckpointStore store, TargetOrder order, FaultInjector faults, Duration stepDelay) {
}
