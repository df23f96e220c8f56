package io.ordo.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void shouldParseTheTableOptions() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--configs", "tiny,10m", "--threads", "1,2", "--objectives", "ntp,top",
                "--repeats", "5", "--no-data-parallel", "--peer", "/opt/peer.py");
        assertEquals(List.of("tiny", "10m"), bench.configs);
        assertArrayEquals(new int[] {1, 2}, bench.threads);
        assertEquals(List.of("ntp", "top"), bench.objectives);
        assertEquals(5, bench.repeats);
        assertEquals(false, bench.dataParallel);
        assertEquals("/opt/peer.py", bench.peer.toString());
    }

    @Test
    void shouldPlanDataParallelRowsAgainstDdpAndOneTrainerRowsAgainstOneProcess() {
        BenchCommand.Block block = BenchCommand.Block.plan(BenchShape.TINY, 2, List.of("ntp", "top", "mtp:2"), true, 3);
        assertEquals(List.of(new Variant("ntp", 1), new Variant("ntp", 2), new Variant("top", 1), new Variant("top", 2),
                new Variant("mtp:2", 1), new Variant("mtp:2", 2)), List.copyOf(block.ours().keySet()));
        Map<Variant, PeerSetup> peers = block.peers();
        assertEquals(new PeerSetup("ntp", 1, 2, 32), peers.get(new Variant("ntp", 1)));
        assertEquals(new PeerSetup("ntp", 2, 1, 32), peers.get(new Variant("ntp", 2)));
        assertEquals(new PeerSetup("top", 2, 1, 32), peers.get(new Variant("top", 2)));
        assertEquals(new PeerSetup("ntp", 2, 1, 32), peers.get(new Variant("mtp:2", 2)));
        assertEquals(List.of(new PeerSetup("ntp", 1, 2, 32), new PeerSetup("ntp", 2, 1, 32), new PeerSetup("top", 1, 2, 32),
                new PeerSetup("top", 2, 1, 32)), List.copyOf(block.theirs().keySet()), "four peer runs per round");
        block.theirs().values().forEach(times -> assertEquals(3, times.length));
    }

    @Test
    void shouldPlanOnlyOneProcessPeersAtOneThreadOrWithoutDataParallelRows() {
        assertEquals(List.of(new PeerSetup("ntp", 1, 1, 8)),
                List.copyOf(BenchCommand.Block.plan(BenchShape.TEN_M, 1, List.of("ntp", "mtp:2"), true, 1).theirs().keySet()));
        assertEquals(List.of(new PeerSetup("ntp", 1, 2, 8)),
                List.copyOf(BenchCommand.Block.plan(BenchShape.TEN_M, 2, List.of("ntp"), false, 1).theirs().keySet()));
    }

    @Test
    void shouldReportTopOverheadPerPeerKind() {
        BenchCommand.Block block = BenchCommand.Block.plan(BenchShape.TINY, 2, List.of("ntp", "top"), true, 1);
        block.ours().get(new Variant("ntp", 1))[0] = 100;
        block.ours().get(new Variant("top", 1))[0] = 110;
        block.ours().get(new Variant("ntp", 2))[0] = 50;
        block.ours().get(new Variant("top", 2))[0] = 51;
        block.theirs().get(new PeerSetup("ntp", 1, 2, 32))[0] = 80;
        block.theirs().get(new PeerSetup("top", 1, 2, 32))[0] = 84;
        block.theirs().get(new PeerSetup("ntp", 2, 1, 32))[0] = 40;
        block.theirs().get(new PeerSetup("top", 2, 1, 32))[0] = 41;
        String over = block.topOverhead().orElseThrow();
        assertEquals("Ordo +10.0%, Ordo x2 +2.0%, PyTorch 1 proc x 2 thr +5.0%, PyTorch DDP 2 x 1 thr +2.5%", over);
        String row = block.row(new Variant("top", 2)).format(BenchShape.TINY, 2, new Variant("top", 2), 100, "1.0");
        assertTrue(row.startsWith("| tiny | 2 | top x2 | DDP 2 x 1 thr | 51.0 | 40,157 | 41.0 | 49,951 | **0.80x** | 0.80..0.80 |"), row);
    }
}
