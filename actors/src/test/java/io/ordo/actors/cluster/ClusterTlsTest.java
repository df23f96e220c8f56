package io.ordo.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artery over TLS with mutual authentication ({@link ArteryTls}), key stores made with keytool:
 * nodes sharing the cluster's certificate form the cluster; a node with a certificate of its own
 * (which even trusts the cluster's certificate) never becomes a member, and the cluster's
 * membership stays as it was.
 */
@Tag("system")
class ClusterTlsTest {
    /** How long the rogue node gets to join (a plain-TCP node joins in about a second). */
    private static final Duration ROGUE_WINDOW = Duration.ofSeconds(6);

    @Test
    void shouldFormWithTheSharedCertificateAndKeepANodeWithAnotherCertificateOut(@TempDir Path dir) throws Exception {
        Path cluster = TestKeyStores.keyPair(dir, "cluster");
        Path rogue = TestKeyStores.keyPair(dir, "rogue");
        Path rogueTrust = TestKeyStores.trustStore(dir, "rogue-trust", rogue, cluster);
        ArteryTls good = ArteryTls.open(cluster, cluster, TestKeyStores.PASSWORD);
        LocalCluster nodes = new LocalCluster(2, new CoordinatorSettings(2, 1, Duration.ofSeconds(5), 1000),
                Optional.of(good));
        ActorSystem<Void> stranger = null;
        try {
            Set<String> members = upMembers(nodes.systems.get(0));
            assertEquals(Set.of(nodes.address(0), nodes.address(1)), members, "the cluster formed over TLS");

            stranger = ActorSystem.create(Behaviors.empty(), ClusterNode.SYSTEM_NAME,
                    ClusterNode.config("127.0.0.1", 0, List.of(), List.of(ClusterNode.WORKER_ROLE),
                            Optional.of(ArteryTls.open(rogue, rogueTrust, TestKeyStores.PASSWORD))));
            Cluster strangerCluster = Cluster.get(stranger);
            strangerCluster.manager().tell(Join.create(Cluster.get(nodes.systems.get(0)).selfMember().address()));
            long deadline = System.nanoTime() + ROGUE_WINDOW.toNanos();
            while (System.nanoTime() < deadline) {
                assertNotEquals(MemberStatus.up(), strangerCluster.selfMember().status(), "the rogue node joined");
                Thread.sleep(100);
            }
            for (ActorSystem<Void> node : nodes.systems) {
                assertEquals(members, allMembers(node), "the cluster's membership changed");
            }
            assertEquals("tls-tcp", nodes.systems.get(0).settings().config().getString("pekko.remote.artery.transport"));
        } finally {
            if (stranger != null) {
                nodes.systems.add(stranger);
            }
            int left = nodes.terminateWithin(Duration.ofSeconds(10));
            System.out.println("nodes still terminating after 10 s: " + left);
        }
    }

    private static Set<String> upMembers(ActorSystem<?> system) {
        Set<String> up = new TreeSet<>();
        for (Member m : Cluster.get(system).state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
                up.add(m.address().toString());
            }
        }
        return up;
    }

    private static Set<String> allMembers(ActorSystem<?> system) {
        Set<String> all = new TreeSet<>();
        for (Member m : Cluster.get(system).state().getMembers()) {
            all.add(m.address().toString());
        }
        return all;
    }
}
