package io.ordo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a measuring child process at a given thread count and returns its {@code RESULT} line. */
final class ChildProcess {
    private ChildProcess() {
    }

    /**
     * OpenMP wait policy for every child. PASSIVE: idle OpenMP threads sleep instead of spinning.
     * On a machine other processes share, spinning threads of a 2-thread run fight for the cores:
     * the peer measured 1160-1430 ms/step at 2 threads with ACTIVE against 87-106 ms with PASSIVE
     * (tiny config, load ~3-5 on 2 cores); Ordo's matmuls are unaffected either way.
     */
    static volatile String ompWaitPolicy = "PASSIVE";

    /**
     * Runs {@code cmd} with OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS set to
     * {@code threads} and OMP_WAIT_POLICY to {@link #ompWaitPolicy}; empty (with the output on
     * stderr) when it fails or prints no RESULT line.
     */
    static Optional<String> resultLine(List<String> cmd, int threads, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String var : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            pb.environment().put(var, Integer.toString(threads));
        }
        pb.environment().put("OMP_WAIT_POLICY", ompWaitPolicy);
        pb.environment().putAll(extraEnv);
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
            System.err.println("child failed: " + String.join(" ", cmd) + "\n" + all);
            return Optional.empty();
        }
        return Optional.of(result);
    }

    /** The value of {@code key=VALUE} in a RESULT line. */
    static String field(String line, String key) {
        Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(key) + "=(\\S+)").matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + "= in: " + line);
        }
        return m.group(1);
    }
}
