package io.ordo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the PyTorch peer ({@code shared/peer/torch_gpt.py}) single-threaded and parses its RESULT line. */
public final class PeerRunner {
    private static final Pattern MEDIAN = Pattern.compile("median_ms=([0-9.]+)");
    private static final Pattern TOKENS = Pattern.compile("tokens_per_s=([0-9.]+)");
    private static final Pattern VERSION = Pattern.compile("torch=(\\S+)");

    /** The peer's figures for one objective. */
    public record PeerResult(String torchVersion, double medianMs, double tokensPerSecond) {
    }

    private final String python;
    private final Path script;

    public PeerRunner(String python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** Empty when the peer or PyTorch is not installed; the reason goes to stderr. */
    public Optional<PeerResult> run(String objective, int batch, int seqLen, int dim, int heads, int layers,
                                    int vocab, int window, int steps, int threads) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            System.err.println("peer script not found: " + script);
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--objective", objective,
                "--batch", "" + batch, "--seq", "" + seqLen, "--dim", "" + dim, "--heads", "" + heads,
                "--layers", "" + layers, "--vocab", "" + vocab, "--window", "" + window,
                "--steps", "" + steps, "--threads", "" + threads));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "" + threads);
        pb.environment().put("OPENBLAS_NUM_THREADS", "" + threads);
        Process p = pb.start();
        String result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("RESULT")) {
                    result = line;
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            System.err.println("peer failed (install: apt-get install -y python3-torch libopenblas0-pthread):\n" + all);
            return Optional.empty();
        }
        return Optional.of(new PeerResult(find(VERSION, result), Double.parseDouble(find(MEDIAN, result)),
                Double.parseDouble(find(TOKENS, result))));
    }

    private static String find(Pattern p, String line) {
        Matcher m = p.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("unexpected peer output: " + line);
        }
        return m.group(1);
    }
}
