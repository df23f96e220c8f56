package io.ordo.actors;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.live.LiveFeed;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.streams.mi.TargetOrder;
import java.time.Duration;
import java.util.Optional;

/**
 * What one node of a run trains: the job, its checkpoint store, the target order a fresh run
 * starts with, where its workers' seats come from and how many there are, the fault hook, and a
 * pause after each step (zero; throttles failure tests), and the live feed of a {@code --source}
 * job (null for tasks and corpora).
 */
public record NodePlan(TrainingJob job, CheckpointStore store, TargetOrder order, ExchangeSource seats,
                       int localWorkers, FaultInjector faults, Duration stepDelay, LiveFeed live) {
    public NodePlan {
        if (localWorkers < 1) {
            throw new IllegalArgumentException("a node needs at least one trainer worker, got " + localWorkers);
        }
    }

    /** {@code ordo train}: {@code job.workers()} workers on a fresh in-JVM exchange per start. */
    public static NodePlan inJvm(TrainingJob job, CheckpointStore store, TargetOrder order, FaultInjector faults,
                                 Optional<LiveFeed> live) {
        return new NodePlan(job, store, order, new LocalExchangeSource(job.workers(), job.exchangeTimeout()),
                job.workers(), faults, Duration.ZERO, live.orElse(null));
    }

    /** Whether this node trains on a live source. */
    public boolean isLive() {
        return live != null;
    }
}
