package io.ordo.actors;

import io.ordo.actors.job.TrainingJob;
import io.ordo.protocol.checkpoint.CheckpointStore;
import io.ordo.streams.mi.TargetOrder;
import java.time.Duration;

/**
 * What one node of a run trains: the job, its checkpoint store, the target order a fresh run
 * starts with, where its workers' seats come from and how many there are, the fault hook, and a
 * pause after each step (zero; throttles failure tests).
 */
public record NodePlan(TrainingJob job, CheckpointStore store, TargetOrder order, ExchangeSource seats,
                       int localWorkers, FaultInjector faults, Duration stepDelay) {
    public NodePlan {
        if (localWorkers < 1) {
            throw new IllegalArgumentException("a node needs at least one trainer worker, got " + localWorkers);
        }
    }

    /** {@code ordo train}: {@code job.workers()} workers on a fresh in-JVM exchange per start. */
    public static NodePlan inJvm(TrainingJob job, CheckpointStore store, TargetOrder order, FaultInjector faults) {
        return new NodePlan(job, store, order, new LocalExchangeSource(job.workers(), job.exchangeTimeout()),
                job.workers(), faults, Duration.ZERO);
    }
}
