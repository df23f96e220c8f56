package io.ordo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VariantTest {

    @Test
    void shouldCompareOneTrainerWithOnePeerProcessOnAllThreads() {
        assertEquals(new PeerSetup("ntp", 1, 2, 32), new Variant("ntp", 1).peer(BenchShape.TINY, 2));
        assertEquals(new PeerSetup("top", 1, 1, 8), new Variant("top", 1).peer(BenchShape.TEN_M, 1));
        assertEquals("1 proc x 2 thr", new Variant("ntp", 1).peer(BenchShape.TINY, 2).label());
    }

    @Test
    void shouldCompareDataParallelReplicasWithDdpOfOneThreadPerProcess() {
        assertEquals(new PeerSetup("ntp", 2, 1, 32), new Variant("ntp", 2).peer(BenchShape.TINY, 2));
        assertEquals(new PeerSetup("top", 2, 1, 8), new Variant("top", 2).peer(BenchShape.TEN_M, 2));
        assertEquals("DDP 2 x 1 thr", new Variant("top", 2).peer(BenchShape.TINY, 2).label());
    }

    @Test
    void shouldCompareMtpWithThePeersNtpOfTheSameKind() {
        assertEquals(new PeerSetup("ntp", 2, 1, 32), new Variant("mtp:2", 2).peer(BenchShape.TINY, 2));
        assertEquals(new PeerSetup("ntp", 1, 2, 32), new Variant("mtp:2", 1).peer(BenchShape.TINY, 2));
    }

    @Test
    void shouldRoundABatchThatTheReplicasDoNotDivideUpToAMultiple() {
        Variant x3 = new Variant("ntp", 3);
        assertEquals(9, x3.batch(BenchShape.TEN_M));
        assertEquals(9, x3.shape(BenchShape.TEN_M).batch());
        assertEquals(9 * 128, x3.shape(BenchShape.TEN_M).tokensPerStep());
        assertEquals("ntp x3 (B9)", x3.label(BenchShape.TEN_M));
        assertEquals(new PeerSetup("ntp", 3, 1, 9), x3.peer(BenchShape.TEN_M, 3));
    }

    @Test
    void shouldKeepADividingBatchAndItsLabel() {
        Variant x2 = new Variant("top", 2);
        assertEquals(BenchShape.TINY, x2.shape(BenchShape.TINY));
        assertEquals("top x2", x2.label(BenchShape.TINY));
        assertEquals("top", new Variant("top", 1).label(BenchShape.TEN_M));
    }

    @Test
    void shouldRefuseAPeerBatchThatDoesNotDivideOverItsProcesses() {
        assertThrows(IllegalArgumentException.class, () -> new PeerSetup("ntp", 3, 1, 8));
    }
}
