package io.ordo.deploy.ops;

import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.deploy.health.Readiness;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Pekko Management readiness check {@code ordo-trainer-running}: a trainer has started and the run
 * has not finished. A failure carries the reason into the {@code /ready} response.
 */
public final class TrainerRunningCheck implements Supplier<CompletionStage<Boolean>> {
    private final OrdoMetrics metrics;

    /** Pekko Management's constructor for health checks. */
    public TrainerRunningCheck(ActorSystem system) {
        this.metrics = OrdoMetrics.get(system);
    }

    @Override
    public CompletionStage<Boolean> get() {
        return Readiness.trainerRunning(metrics)
                .<CompletionStage<Boolean>>map(why -> CompletableFuture.failedFuture(new IllegalStateException(why)))
                .orElse(CompletableFuture.completedFuture(true));
    }
}
