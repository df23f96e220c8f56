package io.ordo.deploy.launch;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code ordo launch} rejects inconsistent node settings with one clear line (exit 2). */
class LaunchCommandTest {
    @Test
    void shouldRejectANodeRankOutsideTheNodes() {
        String[] r = run("launch", "--nnodes", "2", "--node-rank", "2");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--node-rank"), r[2]);
    }

    @Test
    void shouldRejectASeedThatIsNotHostPort() {
        String[] r = run("launch", "--nnodes", "2", "--node-rank", "1", "--seed", "nohost");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("host:port"), r[2]);
    }

    @Test
    void shouldListTheTorchrunStyleOptionsInTheHelp() {
        String[] r = run("launch", "--help");
        assertEquals("0", r[0]);
        for (String option : new String[] {"--nnodes", "--node-rank", "--seed", "--nproc-per-node", "--standalone"}) {
            assertTrue(r[1].contains(option), r[1]);
        }
    }
}
