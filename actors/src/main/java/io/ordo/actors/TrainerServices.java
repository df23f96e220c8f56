package io.ordo.actors;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * What every trainer worker of a node shares: the node's plan (job, checkpoint store, initial
 * target order, seats, fault hook, step delay) and the run's supervisor, checkpointer and evaluator
 * (used by whichever worker holds rank 0).
 */
public record TrainerServices(NodePlan plan, ActorRef<Supervisor.Event> supervisor,
                              ActorRef<Checkpointer.Command> checkpointer, ActorRef<Evaluator.Command> evaluator) {
}
