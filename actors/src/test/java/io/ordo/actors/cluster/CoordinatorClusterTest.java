package io.ordo.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ordo.protocol.cluster.RankMessage;
import io.ordo.protocol.cluster.RegisterRank;
import io.ordo.protocol.cluster.RingBroken;
import io.ordo.protocol.cluster.RingFormed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The coordinator singleton on real cluster nodes (actor systems on 127.0.0.1, Artery TCP, messages
 * through the Kryo serializer): ranks are assigned once the ring is complete, and the ring re-forms
 * from the survivors when a node leaves or when every rank reports it broken; the ranks of a ring
 * share its nonce, and every epoch gets a new one.
 */
@Tag("system")
class CoordinatorClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldAssignRanksWhenCompleteAndReformFromSurvivorsWhenANodeLeaves() throws Exception {
        try (LocalCluster cluster = new LocalCluster(3, new CoordinatorSettings(3, 2, Duration.ofSeconds(5), 1000))) {
            List<TestProbe<RankMessage>> ranks = register(cluster, 3);
            List<RingFormed> first = expectRing(ranks, 1, 3);
            assertEquals(Set.of(0, 1, 2), new TreeSet<>(first.stream().map(RingFormed::rank).toList()));
            assertEquals(1000 + CoordinatorSettings.STREAMS_PER_EPOCH, first.get(0).baseStreamId());

            cluster.stop(2);
            List<RingFormed> second = expectRing(ranks.subList(0, 2), 2, 2);
            assertEquals(Set.of(0, 1), new TreeSet<>(second.stream().map(RingFormed::rank).toList()));
            assertEquals(List.of("127.0.0.1:40000", "127.0.0.1:40001"), second.get(0).endpoints());
            assertNotEquals(first.get(0).nonce(), second.get(0).nonce(), "every ring epoch gets a nonce of its own");
        }
    }

    @Test
    void shouldNotStartBeforeTheRingIsComplete() throws Exception {
        try (LocalCluster cluster = new LocalCluster(2, new CoordinatorSettings(3, 2, Duration.ofSeconds(5), 1000))) {
            List<TestProbe<RankMessage>> ranks = register(cluster, 2);
            for (TestProbe<RankMessage> p : ranks) {
                p.expectNoMessage(Duration.ofSeconds(2));
            }
            TestProbe<RankMessage> third = TestProbe.create(cluster.systems.get(1));
            cluster.coordinators.get(1).tell(new RegisterRank(cluster.address(1), "127.0.0.1:40002", 2, 0, third.getRef()));
            List<TestProbe<RankMessage>> all = new ArrayList<>(ranks);
            all.add(third);
            expectRing(all, 1, 3);
        }
    }

    @Test
    void shouldReformWithTheSameRanksWhenEveryRankReportsTheRingBroken() throws Exception {
        try (LocalCluster cluster = new LocalCluster(2, new CoordinatorSettings(2, 1, Duration.ofSeconds(30), 1000))) {
            List<TestProbe<RankMessage>> ranks = register(cluster, 2);
            List<RingFormed> first = expectRing(ranks, 1, 2);
            for (int i = 0; i < 2; i++) {
                cluster.coordinators.get(i).tell(new RingBroken(1, first.get(i).rank(), "test: no progress"));
            }
            expectRing(ranks, 2, 2);
        }
    }

    @Test
    void shouldReformWithTheReportingRanksWhenAStalledRankStaysSilentPastTheTimeout() throws Exception {
        try (LocalCluster cluster = new LocalCluster(2, new CoordinatorSettings(2, 1, Duration.ofSeconds(1), 1000))) {
            List<TestProbe<RankMessage>> ranks = register(cluster, 2);
            List<RingFormed> first = expectRing(ranks, 1, 2);
            cluster.coordinators.get(0).tell(new RingBroken(1, first.get(0).rank(), "test: neighbour silent"));
            RingFormed alone = expectRing(ranks.subList(0, 1), 2, 1).get(0);
            assertEquals(0, alone.rank());
            ranks.get(1).expectNoMessage(Duration.ofMillis(500));
            // the stalled rank wakes up, finds its ring broken and is taken back in
            cluster.coordinators.get(1).tell(new RingBroken(1, first.get(1).rank(), "test: woke up"));
            expectRing(ranks, 3, 2);
        }
    }

    /** One probe per node registers, endpoint 127.0.0.1:4000i. */
    private static List<TestProbe<RankMessage>> register(LocalCluster cluster, int n) {
        List<TestProbe<RankMessage>> probes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TestProbe<RankMessage> p = TestProbe.create(cluster.systems.get(i));
            cluster.coordinators.get(i).tell(new RegisterRank(cluster.address(i), "127.0.0.1:4000" + i, i, 0, p.getRef()));
            probes.add(p);
        }
        return probes;
    }

    /** Each probe's next message is a RingFormed of this epoch and world; all name the same endpoints. */
    private static List<RingFormed> expectRing(List<TestProbe<RankMessage>> probes, long epoch, int world) {
        List<RingFormed> out = new ArrayList<>();
        for (TestProbe<RankMessage> p : probes) {
            RingFormed m = p.expectMessageClass(RingFormed.class, WAIT);
            assertEquals(epoch, m.epoch(), m.toString());
            assertEquals(world, m.world(), m.toString());
            out.add(m);
        }
        for (RingFormed m : out) {
            assertEquals(out.get(0).endpoints(), m.endpoints());
            assertEquals(out.get(0).nonce(), m.nonce(), "the ranks of one ring share its nonce");
        }
        return out;
    }
}
