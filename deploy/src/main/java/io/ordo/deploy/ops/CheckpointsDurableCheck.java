package io.ordo.deploy.ops;

import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.deploy.health.Readiness;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Pekko Management readiness check {@code ordo-checkpoints-durable}: the last checkpoint write did
 * not fail. After a failed write (disk full, I/O error, read-only file system) it fails, naming the
 * step, the directory, the error and the last good checkpoint, until a later write succeeds.
 */
public final class CheckpointsDurableCheck implements Supplier<CompletionStage<Boolean>> {
    private final OrdoMetrics metrics;

    /** Pekko Management's constructor for health checks. */
    public CheckpointsDurableCheck(ActorSystem system) {
        this.metrics = OrdoMetrics.get(system);
    }

    @Override
    public CompletionStage<Boolean> get() {
        return Readiness.checkpointsDurable(metrics)
                .<CompletionStage<Boolean>>map(why -> CompletableFuture.failedFuture(new IllegalStateException(why)))
                .orElse(CompletableFuture.completedFuture(true));
    }
}
