package io.ordo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerRunnerTest {
    private final PeerRunner runner = new PeerRunner("/usr/bin/python3", Path.of("bench/peer/torch_gpt.py"));

    @Test
    void shouldRunOneProcessWithoutDdpArguments() {
        List<String> cmd = runner.command(new PeerSetup("top", 1, 2, 32), BenchShape.TINY, 0);
        assertEquals(List.of("/usr/bin/python3", "bench/peer/torch_gpt.py", "--objective", "top", "--batch", "32",
                "--seq", "64", "--dim", "128", "--heads", "4", "--layers", "2", "--vocab", "64", "--window", "16",
                "--steps", "60", "--threads", "2"), cmd);
    }

    @Test
    void shouldRunDdpWithOneThreadPerProcessOnTheGivenPort() {
        List<String> cmd = runner.command(new PeerSetup("ntp", 2, 1, 32), BenchShape.TINY, 41234);
        assertEquals(List.of("--threads", "1", "--ddp", "2", "--port", "41234"), cmd.subList(cmd.size() - 6, cmd.size()));
        assertEquals("32", cmd.get(cmd.indexOf("--batch") + 1), "the global batch; the peer splits it");
    }

    @Test
    void shouldPickAPortThatCanBeBound() throws IOException {
        int port = PeerRunner.freePort();
        assertTrue(port > 0 && port < 65536);
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, s.getLocalPort());
            assertFalse(PeerRunner.freePort() == port, "a bound port is not offered");
        }
    }
}
