package io.ordo.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ordo.protocol.cluster.CoordinatorMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Configuration and wiring of one Pekko Cluster node of a distributed run: Artery TCP (or TLS with
 * mutual authentication, {@link ArteryTls}) on {@code host:port}, seed nodes, roles, the
 * split-brain resolver (keep-majority) from {@code ordo-cluster.conf}, and the {@link Coordinator}
 * singleton (on nodes with the {@value #COORDINATOR_ROLE} role). Local runs never load this, so their actor systems stay local.
 */
public final class ClusterNode {
    /** Actor system name shared by every node of a run. */
    public static final String SYSTEM_NAME = "ordo";
    /** Role of nodes that train. */
    public static final String WORKER_ROLE = "worker";
    /** Role of nodes that may host the coordinator singleton. */
    public static final String COORDINATOR_ROLE = "coordinator";

    private ClusterNode() {
    }

    /**
     * @param host  address other nodes reach this one on (and the bind address)
     * @param port  Artery port, 0 for any free one
     * @param seeds seed nodes as {@code host:port}; empty to join manually
     * @param roles this node's roles
     * @return {@code -D} properties over these settings over {@code ordo-cluster.conf} over the defaults
     */
    public static Config config(String host, int port, List<String> seeds, List<String> roles) {
        return config(host, port, seeds, roles, Optional.empty());
    }

    /**
     * @param host  address other nodes reach this one on (and the bind address)
     * @param port  Artery port, 0 for any free one
     * @param seeds seed nodes as {@code host:port}; empty to join manually
     * @param roles this node's roles
     * @param tls   TLS of the Artery transport, or empty for plain TCP
     * @return {@code -D} properties over these settings over {@code ordo-cluster.conf} over the defaults
     */
    public static Config config(String host, int port, List<String> seeds, List<String> roles,
                                Optional<ArteryTls> tls) {
        Config node = ConfigFactory.parseMap(Map.of(
                "pekko.remote.artery.canonical.hostname", host,
                "pekko.remote.artery.canonical.port", port,
                "pekko.cluster.seed-nodes", seeds.stream().map(ClusterNode::seedAddress).toList(),
                "pekko.cluster.roles", roles));
        if (tls.isPresent()) {
            node = node.withFallback(tls.get().config());
        }
        return ConfigFactory.systemProperties().withFallback(node)
                .withFallback(ConfigFactory.parseResources(ClusterNode.class.getClassLoader(), "ordo-cluster.conf"))
                .withFallback(ConfigFactory.load()).resolve();
    }

    /** @return the Pekko address of a seed given as {@code host:port} */
    public static String seedAddress(String hostPort) {
        if (!hostPort.matches("[^:]+:\\d+")) {
            throw new IllegalArgumentException("seed must be host:port, got '" + hostPort + "'");
        }
        return "pekko://" + SYSTEM_NAME + "@" + hostPort;
    }

    /**
     * Starts (on the oldest {@value #COORDINATOR_ROLE} node) or proxies the coordinator singleton;
     * call on every node.
     *
     * @return a proxy that reaches the coordinator wherever it runs (buffering while it moves)
     */
    public static ActorRef<CoordinatorMessage> coordinator(ActorSystem<?> system, CoordinatorSettings settings) {
        Behavior<CoordinatorMessage> behavior = Coordinator.create(settings);
        return ClusterSingleton.get(system).init(SingletonActor.of(behavior, "coordinator")
                .withSettings(ClusterSingletonSettings.create(system).withRole(COORDINATOR_ROLE)));
    }
}
