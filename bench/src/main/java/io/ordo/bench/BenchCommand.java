package io.ordo.bench;

import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training-step throughput of Ordo against the PyTorch peer, measured in the same run: for each
 * config, thread count and objective, {@code --repeats} interleaved pairs of fresh processes
 * (Ordo JVM, peer Python), medians taken. MTP has no peer: its ratio is against the peer's NTP.
 * MFU = achieved model GFLOP/s ({@link Flops}) / (threads x single-thread sgemm peak measured
 * through {@link SgemmPeak} at the start of each config).
 *
 * <pre>
 * mvn -q -o -DskipTests package -pl bench -am
 * java -Dorg.bytedeco.javacpp.cachedir=$HOME/.cache/ordo/javacpp -jar bench/target/ordo-bench.jar \
 *      --configs tiny,10m --threads 1,2 --objectives ntp,top,mtp:2 --repeats 3
 * java -jar bench/target/ordo-bench.jar top-targets          # JMH: sparse TOP target construction
 * java -jar bench/target/ordo-bench.jar pipeline-throughput --tokenizer cl100k
 * </pre>
 */
@Command(name = "ordo-bench", mixinStandardHelpOptions = true,
        description = "Training tokens/s, Ordo vs the PyTorch peer, same configs, threads and run.",
        subcommands = {StepRun.class, SgemmPeak.class, TopTargetsBench.class, PipelineThroughput.class,
                AllReduceBandwidth.class})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--configs", split = ",", defaultValue = "tiny,10m",
            description = "tiny, 10m, or B,T,D,H,L,V,W[,steps,warmup] (';'-separated then)")
    List<String> configs;
    @Option(names = "--threads", split = ",", defaultValue = "1,2") int[] threads;
    @Option(names = "--objectives", split = ",", defaultValue = "ntp,top,mtp:2") List<String> objectives;
    @Option(names = "--repeats", defaultValue = "3", description = "interleaved Ordo/peer pairs per row (median)")
    int repeats;
    @Option(names = "--python", defaultValue = "/usr/bin/python3") String python;
    @Option(names = "--peer", defaultValue = "../shared/peer/torch_gpt.py", description = "peer script (relative to the working directory)") Path peer;
    @Option(names = "--no-peer", description = "skip the PyTorch peer") boolean noPeer;
    @Option(names = "--omp-wait-policy", defaultValue = "PASSIVE",
            description = "OMP_WAIT_POLICY for both Ordo and the peer (PASSIVE: no spinning on a shared machine)")
    String ompWaitPolicy;
    @Option(names = "--child-jvm-args", split = " ", description = "extra options for the Ordo child JVMs (e.g. JFR)")
    List<String> childJvmArgs = List.of();

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ChildProcess.ompWaitPolicy = ompWaitPolicy;
        OrdoRunner ordo = new OrdoRunner(childJvmArgs);
        PeerRunner peerRunner = new PeerRunner(python, peer);
        boolean withPeer = !noPeer && peerRunner.available();
        System.out.printf("load average at start: %s; %d repeats per row, medians; ratio range = min..max of per-pair ratios; "
                + "OMP_WAIT_POLICY=%s%n", loadAverage(), repeats, ompWaitPolicy);
        List<String> notes = new ArrayList<>();
        StringBuilder table = new StringBuilder()
                .append("| config | threads | objective | Ordo ms/step | Ordo tokens/s | PyTorch ms/step | PyTorch tokens/s "
                        + "| Ordo / PyTorch | ratio range | Ordo GFLOP/s | MFU | load |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        double peak = 0; // the best single-thread sgemm rate seen so far in this run: other load only lowers it
        for (String spec : configs) {
            BenchShape shape = BenchShape.parse(spec.replace(';', ','));
            double measured = ordo.sgemmPeak(1).orElse(Double.NaN);
            peak = Math.max(peak, measured);
            notes.add(String.format(Locale.ROOT, "%s: single-thread sgemm peak measured %.1f GFLOP/s (Blas, best of "
                    + "256/512/1024); MFU uses the best so far in this run, %.1f GFLOP/s", shape, measured, peak));
            System.out.println(notes.get(notes.size() - 1));
            for (int t : threads) {
                Map<String, Row> rows = new HashMap<>();
                for (String objSpec : objectives) {
                    Objective objective = Objective.parse(objSpec);
                    String peerObjective = objective.kind() == Objective.Kind.TOP ? "top" : "ntp";
                    Row row = measure(ordo, withPeer ? peerRunner : null, shape, objective.toString(), peerObjective, t,
                            rows.get("peer:" + peerObjective));
                    rows.put(objective.toString(), row);
                    rows.put("peer:" + peerObjective, row);
                    String line = row.format(shape, t, objective, peak);
                    table.append(line).append('\n');
                    System.out.println(line);
                }
                Row ntp = rows.get("ntp");
                Row top = rows.get("top");
                if (ntp != null && top != null) {
                    String over = String.format(Locale.ROOT, "%s, %d thread(s): TOP step time over NTP: Ordo %+.1f%%, PyTorch %s",
                            shape.name(), t, 100 * (top.ordoMs() / ntp.ordoMs() - 1),
                            ntp.peerMs().isEmpty() || top.peerMs().isEmpty() ? "n/a"
                                    : String.format(Locale.ROOT, "%+.1f%%", 100 * (top.peerMs().get() / ntp.peerMs().get() - 1)));
                    notes.add(over);
                    System.out.println(over);
                }
            }
        }
        System.out.printf("%nload average at end: %s%n%n%s%n", loadAverage(), table);
        notes.forEach(n -> System.out.println("- " + n));
        return 0;
    }

    /** Median of the Ordo and peer runs of one row; a reused peer row (MTP against peer NTP) is not rerun. */
    private Row measure(OrdoRunner ordo, PeerRunner peerRunner, BenchShape shape, String objective, String peerObjective,
                        int t, Row peerNtp) throws IOException, InterruptedException {
        boolean runPeer = peerRunner != null && (peerNtp == null || !objective.startsWith("mtp"));
        double[] ours = new double[repeats];
        double[] theirs = new double[repeats];
        int n = 0;
        for (int r = 0; r < repeats; r++) {
            Optional<PeerRunner.PeerResult> p = Optional.empty();
            if (runPeer && r % 2 == 1) {
                p = peerRunner.run(peerObjective, shape, t);
            }
            Optional<OrdoRunner.OrdoResult> o = ordo.step(shape, objective, t);
            if (runPeer && r % 2 == 0) {
                p = peerRunner.run(peerObjective, shape, t);
            }
            if (o.isEmpty() || (runPeer && p.isEmpty())) {
                continue;
            }
            ours[n] = o.get().medianMs();
            theirs[n] = p.map(PeerRunner.PeerResult::medianMs).orElse(Double.NaN);
            n++;
        }
        if (n == 0) {
            throw new IllegalStateException("no successful measurement for " + shape + " " + objective);
        }
        double[] o = Arrays.copyOf(ours, n);
        Optional<Double> peerMs;
        double minRatio = Double.NaN;
        double maxRatio = Double.NaN;
        if (runPeer) {
            double[] p = Arrays.copyOf(theirs, n);
            peerMs = Optional.of(median(p));
            minRatio = Double.POSITIVE_INFINITY;
            maxRatio = 0;
            for (int i = 0; i < n; i++) {
                minRatio = Math.min(minRatio, p[i] / o[i]);
                maxRatio = Math.max(maxRatio, p[i] / o[i]);
            }
        } else if (peerNtp != null) {
            peerMs = peerNtp.peerMs();
        } else {
            peerMs = Optional.empty();
        }
        return new Row(median(o), peerMs, objective.startsWith("mtp") && peerMs.isPresent(), minRatio, maxRatio);
    }

    private record Row(double ordoMs, Optional<Double> peerMs, boolean peerIsNtp, double minRatio, double maxRatio) {
        String format(BenchShape s, int threads, Objective objective, double peak) {
            ModelConfig c = s.modelConfig();
            double tokens = s.tokensPerStep();
            double ordoTps = tokens / (ordoMs / 1e3);
            double gflops = Flops.perToken(c, objective) * ordoTps / 1e9;
            String tag = peerIsNtp ? " (ntp)" : "";
            return String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %,.0f | %s | %s | %s | %s | %.1f | %.0f%% | %s |",
                    s.name(), threads, objective, ordoMs, ordoTps,
                    peerMs.map(ms -> String.format(Locale.ROOT, "%.1f%s", ms, tag)).orElse("n/a"),
                    peerMs.map(ms -> String.format(Locale.ROOT, "%,.0f", tokens / (ms / 1e3))).orElse("n/a"),
                    peerMs.map(ms -> String.format(Locale.ROOT, "**%.2fx**%s", ms / ordoMs, tag)).orElse("n/a"),
                    Double.isNaN(minRatio) ? "-" : String.format(Locale.ROOT, "%.2f..%.2f", minRatio, maxRatio),
                    gflops, 100 * gflops / (threads * peak), loadAverage().split(" ")[0]);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    /** The 1, 5 and 15 minute load averages ("n/a" off Linux). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
