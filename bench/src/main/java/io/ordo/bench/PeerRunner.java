package io.ordo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs the PyTorch peer ({@code bench/peer/torch_gpt.py}) at a thread count and parses its RESULT line. */
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

    /** Empty when the peer or PyTorch fails; the reason goes to stderr. */
    public Optional<PeerResult> run(String objective, BenchShape s, int threads) throws IOException, InterruptedException {
        List<String> cmd = List.of(python, script.toString(), "--objective", objective,
                "--batch", "" + s.batch(), "--seq", "" + s.seq(), "--dim", "" + s.dim(), "--heads", "" + s.heads(),
                "--layers", "" + s.layers(), "--vocab", "" + s.vocab(), "--window", "" + s.window(),
                "--steps", "" + s.steps(), "--threads", "" + threads);
        return ChildProcess.resultLine(cmd, threads, Map.of()).map(line -> new PeerResult(
                ChildProcess.field(line, "torch"),
                Double.parseDouble(ChildProcess.field(line, "median_ms")),
                Double.parseDouble(ChildProcess.field(line, "tokens_per_s"))));
    }
}
