package io.ordo.deploy.launch;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.cluster.TestKeyStores;
import io.ordo.deploy.JobConfig;
import io.ordo.deploy.cli.OrdoCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ordo launch} rejects inconsistent node settings with one clear line (exit 2), among them a
 * missing TLS key store or a wrong password (before any node starts), and hands standalone nodes
 * the TLS key paths but never the password.
 */
class LaunchCommandTest {
    @Test
    void shouldRejectANodeRankOutsideTheNodes() {
        String[] r = run("launch", "--nnodes", "2", "--node-rank", "2");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--node-rank"), r[2]);
    }

    @Test
    void shouldRejectSeedNodesThatAreNotHostPort() {
        String[] r = run("launch", "--nnodes", "2", "--node-rank", "1", "--seed-nodes", "nohost");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--seed-nodes nohost") && r[2].contains("HOST:PORT"), r[2]);
    }

    @Test
    void shouldPointASeedThatIsAHostPortToSeedNodes() {
        String[] r = run("launch", "--nnodes", "2", "--node-rank", "1", "--seed", "10.0.0.1:25520");
        assertEquals("2", r[0]);
        assertOneLine(r[2], "--seed", "RNG seed", "--seed-nodes 10.0.0.1:25520");
    }

    @Test
    void shouldHandStandaloneNodesTheRngSeedAndTheJobOptions() {
        CommandLine cli = OrdoCommand.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("launch", "--standalone", "--nnodes", "2", "--seed", "7",
                "--seed-nodes", "127.0.0.1:30000", "--steps", "5", "--d-model", "32", "--objective", "ntp",
                "--http-port", "9500", "--resume");
        LaunchCommand launch = (LaunchCommand) parsed.subcommand().commandSpec().userObject();
        List<String> child = launch.childArgs(1);
        assertEquals("7", child.get(child.indexOf("--seed") + 1), child.toString());
        assertEquals("127.0.0.1:30000,127.0.0.1:30001", child.get(child.indexOf("--seed-nodes") + 1), child.toString());
        assertEquals("30001", child.get(child.indexOf("--port") + 1), child.toString());
        assertEquals("5", child.get(child.indexOf("--steps") + 1), child.toString());
        assertEquals("32", child.get(child.indexOf("--d-model") + 1), child.toString());
        assertEquals("ntp", child.get(child.indexOf("--objective") + 1), child.toString());
        assertEquals("9501", child.get(child.indexOf("--http-port") + 1), child.toString());
        assertEquals(1, child.stream().filter(a -> a.equals("--http-port")).count(), child.toString());
        assertTrue(child.contains("--resume"), child.toString());
        CommandLine.ParseResult again = OrdoCommand.commandLine().parseArgs(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("launch"), child.stream()).toArray(String[]::new));
        LaunchCommand node = (LaunchCommand) again.subcommand().commandSpec().userObject();
        assertEquals(7L, node.jobOverrides().get("ordo.job.seed"), "the RNG seed reaches the node's training config");
        assertEquals(32, node.jobOverrides().get("ordo.job.model.d-model"));
    }

    @Test
    void shouldListTheTorchrunStyleOptionsInTheHelp() {
        String[] r = run("launch", "--help");
        assertEquals("0", r[0]);
        for (String option : new String[] {"--nnodes", "--node-rank", "--seed-nodes", "--seed", "--nproc-per-node",
                "--standalone"}) {
            assertTrue(r[1].contains(option), r[1]);
        }
    }

    @Test
    void shouldRejectAMissingKeyStoreNamingTheFileAndTheFix(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nowhere.p12");
        Path password = Files.writeString(dir.resolve("pw"), "secret");
        String[] r = run("launch", "--standalone", "--nnodes", "2", "--tls", missing.toString(),
                "--tls-password-file", password.toString(), "--out", dir.resolve("run").toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertOneLine(r[2], missing.toString(), "keytool");
    }

    @Tag("system")
    @Test
    void shouldRejectAWrongPasswordNamingTheFileAndTheFix(@TempDir Path dir) throws Exception {
        Path store = TestKeyStores.keyPair(dir, "cluster");
        Path password = Files.writeString(dir.resolve("pw"), "not-the-password\n");
        String[] r = run("launch", "--nnodes", "1", "--tls", store.toString(), "--tls-password-file", password.toString(),
                "--out", dir.resolve("run").toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertOneLine(r[2], store.toString(), "wrong password", "ORDO_TLS_PASSWORD");

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> LaunchTls.resolve(
                JobConfig.load(null, Map.of("ordo.job.tls.key-store", store.toString())), Map.of()));
        assertTrue(none.getMessage().contains("ORDO_TLS_PASSWORD"), none.getMessage());
        assertTrue(LaunchTls.resolve(JobConfig.load(null, Map.of("ordo.job.tls.key-store", store.toString())),
                Map.of("ORDO_TLS_PASSWORD", TestKeyStores.PASSWORD)).isPresent(), "the password from the environment");
    }

    @Test
    void shouldPassTheTlsStoresButNotThePasswordToStandaloneNodes(@TempDir Path dir) {
        CommandLine cli = OrdoCommand.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("launch", "--standalone", "--nnodes", "2", "--tls", "a.p12",
                "--tls-trust-store", "t.p12", "--tls-password-file", "pw.txt");
        LaunchCommand launch = (LaunchCommand) parsed.subcommand().commandSpec().userObject();
        List<String> child = launch.childArgs(1);
        assertEquals("a.p12", child.get(child.indexOf("--tls-key-store") + 1), child.toString());
        assertEquals("t.p12", child.get(child.indexOf("--tls-trust-store") + 1), child.toString());
        assertEquals("pw.txt", child.get(child.indexOf("--tls-password-file") + 1), child.toString());
        assertFalse(child.stream().anyMatch(a -> a.toLowerCase(java.util.Locale.ROOT).contains("password=")), child.toString());
    }

    private static void assertOneLine(String err, String... parts) {
        assertEquals(1, err.strip().lines().count(), err);
        for (String part : parts) {
            assertTrue(err.contains(part), "'" + part + "' missing from: " + err);
        }
    }
}
