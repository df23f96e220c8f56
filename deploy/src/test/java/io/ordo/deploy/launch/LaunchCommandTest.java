package io.ordo.deploy.launch;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.deploy.JobConfig;
import io.ordo.deploy.cli.OrdoCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    void shouldRejectASeedThatIsNotHostPort() {
        String[] r = run("launch", "--nnodes", "2", "--node-rank", "1", "--seed", "nohost");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--seed nohost") && r[2].contains("HOST:PORT"), r[2]);
    }

    @Test
    void shouldListTheTorchrunStyleOptionsInTheHelp() {
        String[] r = run("launch", "--help");
        assertEquals("0", r[0]);
        for (String option : new String[] {"--nnodes", "--node-rank", "--seed", "--nproc-per-node", "--standalone"}) {
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

    @Test
    void shouldRejectAWrongPasswordNamingTheFileAndTheFix(@TempDir Path dir) throws Exception {
        Path store = TestKeyStores.keyPair(dir, "cluster");
        Path password = Files.writeString(dir.resolve("pw"), "not-the-password\n");
        String[] r = run("launch", "--nnodes", "1", "--tls", store.toString(), "--tls-password-file", password.toString(),
                "--out", dir.resolve("run").toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertOneLine(r[2], store.toString(), "wrong password", "ORDO_TLS_PASSWORD");

        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> LaunchTls.resolve(
                JobConfig.load(null, Map.of("ordo.job.tls-key-store", store.toString())), Map.of()));
        assertTrue(none.getMessage().contains("ORDO_TLS_PASSWORD"), none.getMessage());
        assertTrue(LaunchTls.resolve(JobConfig.load(null, Map.of("ordo.job.tls-key-store", store.toString())),
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
