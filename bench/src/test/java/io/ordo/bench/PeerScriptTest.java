package io.ordo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PeerScriptTest {
    @TempDir
    Path repo;

    private Path peer() throws IOException {
        Path script = repo.resolve(PeerScript.DEFAULT);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "print('RESULT')\n");
        Files.createDirectories(repo.resolve("bench/target"));
        return script;
    }

    @Test
    void shouldDefaultToTheRepositorysCopyOfThePeer() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs();
        assertEquals(Path.of("bench/peer/torch_gpt.py"), bench.peer);
    }

    @Test
    void shouldFindTheDefaultFromTheRepositoryRootAndFromBelowIt() throws IOException {
        Path script = peer();
        Path given = Path.of(PeerScript.DEFAULT);
        assertEquals(script, PeerScript.resolve(given, List.of(repo)));
        assertEquals(script, PeerScript.resolve(given, List.of(repo.resolve("bench"))));
    }

    @Test
    void shouldFindTheDefaultFromTheJarsDirectoryWhenTheWorkingDirectoryIsElsewhere(@TempDir Path elsewhere) throws IOException {
        Path script = peer();
        assertEquals(script, PeerScript.resolve(Path.of(PeerScript.DEFAULT), List.of(elsewhere, repo.resolve("bench/target"))));
    }

    @Test
    void shouldFindThisRepositorysPeerFromTheTestsWorkingDirectory() {
        // surefire runs in bench/: the default resolves to the copy in this checkout
        Path found = PeerScript.resolve(Path.of(PeerScript.DEFAULT));
        assertTrue(Files.isRegularFile(found), found.toString());
        assertTrue(found.toAbsolutePath().normalize().endsWith("bench/peer/torch_gpt.py"), found.toString());
    }

    @Test
    void shouldLeaveAbsoluteAndMissingPathsAsGiven() throws IOException {
        peer();
        Path absent = repo.resolve("nowhere/peer.py");
        assertEquals(absent, PeerScript.resolve(absent, List.of(repo)));
        Path missing = Path.of("no/such/peer.py");
        assertEquals(missing, PeerScript.resolve(missing, List.of(repo.resolve("bench"))));
    }
}
