package io.ordo.deploy.health;

import io.ordo.actors.metrics.NodeStatus;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.streams.meter.Stage;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.MemberStatus;

/**
 * The readiness conditions of a training node, each as "why not" (empty = fine). Shared by the
 * Pekko Management health checks ({@code /ready}) and the dashboard.
 */
public final class Readiness {
    /** The system config key the data timeout is passed in. */
    public static final String DATA_TIMEOUT_PATH = "ordo.health.data-timeout";

    private Readiness() {
    }

    /** A trainer has started and has not finished the run. */
    public static Optional<String> trainerRunning(OrdoMetrics metrics) {
        NodeStatus s = metrics.status();
        if (s.isFinished()) {
            return Optional.of("the run finished at step " + s.step());
        }
        if (s.waiting().isPresent()) {
            return Optional.of(where(s) + s.waiting().get());
        }
        return s.trainerRunning() ? Optional.empty() : Optional.of("no trainer has started yet (waiting for "
                + (s.placement().isEmpty() ? "its seat: the ring forms once every rank has registered)" : "the restart)"));
    }

    /**
     * A batch reached the trainer, or a step finished, within {@code timeout}; for a live source, it
     * has not been idle (steps without a single record) for longer than {@code timeout}.
     */
    public static Optional<String> dataFlowing(OrdoMetrics metrics, Duration timeout) {
        java.util.OptionalDouble noData = metrics.status().waitingForData();
        if (noData.isPresent() && noData.getAsDouble() > timeout.toSeconds()) {
            return Optional.of(where(metrics.status()) + String.format("waiting for data: the live source sent no "
                    + "record for %.0f s (limit %d s); training resumes when records arrive", noData.getAsDouble(),
                    timeout.toSeconds()));
        }
        long last = Math.max(metrics.status().lastStepNanos(),
                metrics.streamCounters().stages().lastNanos(Stage.BATCHED));
        if (last == 0) {
            return Optional.of(where(metrics.status()) + "no batch has reached the trainer yet");
        }
        long idle = System.nanoTime() - last;
        return idle <= timeout.toNanos() ? Optional.empty()
                : Optional.of(where(metrics.status()) + String.format("no batch for %.1f s (limit %d s)", idle / 1e9,
                timeout.toSeconds()));
    }

    /**
     * The last checkpoint write did not fail; else e.g. "checkpoint at step 10 failed in DIR: No space
     * left on device; last good checkpoint: step 5". Fine again once a later write succeeds.
     */
    public static Optional<String> checkpointsDurable(OrdoMetrics metrics) {
        NodeStatus s = metrics.status();
        return s.checkpointFailure().map(f -> where(s) + f.describe());
    }

    /** "rank R of W, ring epoch E: " once the workers were placed, else "". */
    private static String where(NodeStatus s) {
        return s.placement().map(p -> p + ": ").orElse("");
    }

    /** This node's member is Up or WeaklyUp; always fine for a node that runs without a cluster. */
    public static Optional<String> clusterJoined(org.apache.pekko.actor.ActorSystem system) {
        if (!isClustered(system)) {
            return Optional.empty();
        }
        MemberStatus status = Cluster.get(system).selfMember().status();
        return status == MemberStatus.up() || status == MemberStatus.weaklyUp() ? Optional.empty()
                : Optional.of("cluster member status " + status);
    }

    /** Whether {@code system} runs the cluster actor-ref provider. */
    public static boolean isClustered(org.apache.pekko.actor.ActorSystem system) {
        return system instanceof ExtendedActorSystem e && e.provider() instanceof ClusterActorRefProvider;
    }
}
