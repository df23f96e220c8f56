package io.ordo.actors.cluster;

import io.ordo.protocol.cluster.CoordinatorMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/** n cluster nodes as actor systems in this JVM on 127.0.0.1, any free port, each with the coordinator proxy. */
final class LocalCluster implements AutoCloseable {
    final List<ActorSystem<Void>> systems = new ArrayList<>();
    final List<ActorRef<CoordinatorMessage>> coordinators = new ArrayList<>();

    LocalCluster(int nodes, CoordinatorSettings settings) {
        this(nodes, settings, Optional.empty());
    }

    /** The nodes with {@code tls} on their Artery transport (empty: plain TCP). */
    LocalCluster(int nodes, CoordinatorSettings settings, Optional<ArteryTls> tls) {
        for (int i = 0; i < nodes; i++) {
            ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterNode.SYSTEM_NAME,
                    ClusterNode.config("127.0.0.1", 0, List.of(),
                            List.of(ClusterNode.WORKER_ROLE, ClusterNode.COORDINATOR_ROLE), tls));
            Cluster cluster = Cluster.get(system);
            Cluster first = systems.isEmpty() ? cluster : Cluster.get(systems.get(0));
            cluster.manager().tell(Join.create(first.selfMember().address()));
            systems.add(system);
            awaitUp(cluster, Duration.ofSeconds(20));
            coordinators.add(ClusterNode.coordinator(system, settings));
        }
    }

    String address(int node) {
        return Cluster.get(systems.get(node)).selfMember().address().toString();
    }

    void stop(int node) throws Exception {
        ActorSystem<Void> s = systems.get(node);
        s.terminate();
        s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void awaitUp(Cluster cluster, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + cluster.selfMember() + " did not come up");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Terminates every node at once and waits until {@code wait} has passed at most: a node whose
     * Artery TLS server saw a failed handshake may never finish terminating (Pekko 1.2's TLS stage
     * after a handshake failure, akka/akka-core#29162), and a test must not hang on it.
     *
     * @return how many nodes had not terminated by then
     */
    int terminateWithin(Duration wait) {
        systems.forEach(ActorSystem::terminate);
        long deadline = System.nanoTime() + wait.toNanos();
        int left = 0;
        for (ActorSystem<Void> s : systems) {
            try {
                s.getWhenTerminated().toCompletableFuture().get(Math.max(1, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                left++;
            }
        }
        return left;
    }

    @Override
    public void close() throws Exception {
        for (int i = systems.size() - 1; i >= 0; i--) { // youngest first: the oldest runs the singleton
            ActorSystem<Void> s = systems.get(i);
            s.terminate();
            s.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
