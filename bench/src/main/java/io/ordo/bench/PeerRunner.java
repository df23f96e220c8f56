package io.ordo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the PyTorch peer ({@code bench/peer/torch_gpt.py}) as one process or as DDP ranks
 * ({@link PeerSetup}) and parses its RESULT line.
 */
public final class PeerRunner {

    /** The peer's figures for one objective. */
    public record PeerResult(String torchVersion, double medianMs, double tokensPerSecond) {
    }

    private final String python;
    private final Path script;

    public PeerRunner(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** The peer script this runner starts. */
    public Path script() {
        return script;
    }

    /** True when the script exists; the caller skips the peer otherwise. */
    public boolean available() {
        if (!Files.isRegularFile(script)) {
            System.err.println("peer script not found: " + script + " (install: apt-get install -y python3-torch libopenblas0-pthread)");
            return false;
        }
        return true;
    }

    /**
     * One peer run of {@code setup} on config {@code s} (at the setup's batch); a DDP run gets a
     * free rendezvous port of its own. Empty when the peer or PyTorch fails; the reason goes to stderr.
     */
    Optional<PeerResult> run(PeerSetup setup, BenchShape s) throws IOException, InterruptedException {
        int port = setup.processes() > 1 ? freePort() : 0;
        return ChildProcess.resultLine(command(setup, s, port), setup.threads(), Map.of()).map(line -> new PeerResult(
                ChildProcess.field(line, "torch"),
                Double.parseDouble(ChildProcess.field(line, "median_ms")),
                Double.parseDouble(ChildProcess.field(line, "tokens_per_s"))));
    }

    /** The peer's command line; {@code --ddp N --port P} only for more than one process. */
    List<String> command(PeerSetup setup, BenchShape s, int port) {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--objective", setup.objective(),
                "--batch", "" + setup.batch(), "--seq", "" + s.seq(), "--dim", "" + s.dim(), "--heads", "" + s.heads(),
                "--layers", "" + s.layers(), "--vocab", "" + s.vocab(), "--window", "" + s.window(),
                "--steps", "" + s.steps(), "--threads", "" + setup.threads()));
        if (setup.processes() > 1) {
            cmd.addAll(List.of("--ddp", "" + setup.processes(), "--port", "" + port));
        }
        return cmd;
    }

    /**
     * A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it), for the DDP
     * rendezvous: a fixed port would collide with a peer run that has not released it yet or with
     * another session's. It stays free until the peer binds it, barring a race with another process.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the DDP peer", e);
        }
    }
}
