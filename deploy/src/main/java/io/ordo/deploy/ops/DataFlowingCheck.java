package io.ordo.deploy.ops;

import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.deploy.health.Readiness;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Pekko Management readiness check {@code ordo-data-flowing}: a batch reached the trainer (or a
 * step finished) within {@code ordo.job.http.ready-data-timeout}. A stalled source, a trainer in restart
 * back-off or a hung step fails it.
 */
public final class DataFlowingCheck implements Supplier<CompletionStage<Boolean>> {
    private final OrdoMetrics metrics;
    private final Duration timeout;

    /** Pekko Management's constructor for health checks. */
    public DataFlowingCheck(ActorSystem system) {
        this.metrics = OrdoMetrics.get(system);
        var config = system.settings().config();
        this.timeout = config.hasPath(Readiness.DATA_TIMEOUT_PATH) ? config.getDuration(Readiness.DATA_TIMEOUT_PATH)
                : Duration.ofSeconds(60);
    }

    @Override
    public CompletionStage<Boolean> get() {
        return Readiness.dataFlowing(metrics, timeout)
                .<CompletionStage<Boolean>>map(why -> CompletableFuture.failedFuture(new IllegalStateException(why)))
                .orElse(CompletableFuture.completedFuture(true));
    }
}
