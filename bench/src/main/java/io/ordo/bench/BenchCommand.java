package io.ordo.bench;

import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training-step throughput of Ordo against the PyTorch peer, measured in the same run: for each
 * config and thread count, {@code --repeats} rounds that each run every objective once in a fresh
 * Ordo JVM and once in a fresh peer Python (interleaved, so all rows see the same load on
 * average), medians taken. MTP has no peer: its ratio is against the peer's NTP.
 * Rows of one trainer compare with one peer process at the same thread count; the data-parallel
 * rows ("xT": T single-thread trainers in one JVM) with PyTorch DDP, T processes x 1 thread, on the
 * same global batch (rounded up to a multiple of T when T does not divide it, both sides).
 * MFU = achieved model GFLOP/s ({@link Flops}) / (threads x single-thread sgemm peak measured
 * through {@link SgemmPeak} at the start of each config).
 *
 * <pre>
 * mvn -q -o -DskipTests package -pl bench -am
 * java -Dorg.bytedeco.javacpp.cachedir=$HOME/.cache/ordo/javacpp -jar bench/target/ordo-bench.jar \
 *      --configs tiny,10m --threads 1,2 --objectives ntp,top,mtp:2 --repeats 3
 * java -jar bench/target/ordo-bench.jar top-targets          # JMH: sparse TOP target construction
 * java -jar bench/target/ordo-bench.jar pipeline-throughput --tokenizer cl100k
 * java -jar bench/target/ordo-bench.jar ingest --clients 4 --repeats 3   # HTTP/TCP into the spool
 * java -jar bench/target/ordo-bench.jar live --repeats 3              # Kafka/spool to batches vs one trainer
 * </pre>
 */
@Command(name = "ordo-bench", mixinStandardHelpOptions = true,
        description = "Training tokens/s, Ordo vs the PyTorch peer, same configs, threads and run.",
        subcommands = {StepRun.class, SgemmPeak.class, TopTargetsBench.class, PipelineThroughput.class,
                AllReduceBandwidth.class, OverlapStepBench.class, IngestBench.class, LiveBench.class})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--configs", split = ",", defaultValue = "tiny,10m",
            description = "tiny, 10m, or B,T,D,H,L,V,W[,steps,warmup] (';'-separated then)")
    List<String> configs;
    @Option(names = "--threads", split = ",", defaultValue = "1,2") int[] threads;
    @Option(names = "--objectives", split = ",", defaultValue = "ntp,top,mtp:2") List<String> objectives;
    @Option(names = "--repeats", defaultValue = "3", description = "interleaved Ordo/peer pairs per row (median)")
    int repeats;
    @Option(names = "--python", defaultValue = "/usr/bin/python3") String python;
    @Option(names = "--peer", defaultValue = PeerScript.DEFAULT,
            description = "peer script; a relative path is looked up under the working directory, its ancestors "
                    + "and the ancestors of this jar (default: ${DEFAULT-VALUE}, the repository's copy)")
    Path peer;
    @Option(names = "--no-peer", description = "skip the PyTorch peer") boolean noPeer;
    @Option(names = "--omp-wait-policy", defaultValue = "PASSIVE",
            description = "OMP_WAIT_POLICY for both Ordo and the peer (PASSIVE: no spinning on a shared machine)")
    String ompWaitPolicy;
    @Option(names = "--data-parallel", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "at T > 1 threads, also time T single-thread data-parallel trainers (ordo train --workers T), "
                    + "rows marked 'xT', against PyTorch DDP with T processes x 1 thread (default: ${DEFAULT-VALUE})")
    boolean dataParallel;
    @Option(names = "--child-jvm-args", split = " ", description = "extra options for the Ordo child JVMs (e.g. JFR)")
    List<String> childJvmArgs = List.of();

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ChildProcess.ompWaitPolicy = ompWaitPolicy;
        OrdoRunner ordo = new OrdoRunner(childJvmArgs);
        PeerRunner peerRunner = new PeerRunner(python, PeerScript.resolve(peer));
        boolean withPeer = !noPeer && peerRunner.available();
        if (withPeer) {
            System.out.println("peer: " + peerRunner.script().toAbsolutePath().normalize());
        }
        System.out.printf("load average at start: %s; %d repeats per row, medians; ratio range = min..max of per-pair ratios; "
                + "OMP_WAIT_POLICY=%s%n", loadAverage(), repeats, ompWaitPolicy);
        List<String> notes = new ArrayList<>();
        StringBuilder table = new StringBuilder()
                .append("| config | threads | objective | PyTorch peer | Ordo ms/step | Ordo tokens/s | PyTorch ms/step "
                        + "| PyTorch tokens/s | Ordo / PyTorch | ratio range | Ordo GFLOP/s | MFU | load |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        double peak = 0; // the best single-thread sgemm rate seen so far in this run: other load only lowers it
        for (String spec : configs) {
            BenchShape shape = BenchShape.parse(spec.replace(';', ','));
            double measured = ordo.sgemmPeak(1).orElse(Double.NaN);
            peak = Math.max(peak, measured);
            notes.add(String.format(Locale.ROOT, "%s: single-thread sgemm peak measured %.1f GFLOP/s (Blas, best of "
                    + "256/512/1024); MFU uses the best so far in this run, %.1f GFLOP/s", shape, measured, peak));
            System.out.println(notes.get(notes.size() - 1));
            for (int t : threads) {
                Block block = measureBlock(ordo, withPeer ? peerRunner : null, shape, t);
                for (Variant variant : block.ours().keySet()) {
                    String line = block.row(variant).format(shape, t, variant, peak, block.load);
                    table.append(line).append('\n');
                    System.out.println(line);
                }
                block.topOverhead().ifPresent(over -> {
                    String note = String.format(Locale.ROOT, "%s, %d thread(s): TOP step time over NTP (median of the "
                            + "per-repeat ratios): %s", shape.name(), t, over);
                    notes.add(note);
                    System.out.println(note);
                });
            }
        }
        System.out.printf("%nload average at end: %s%n%n%s%n", loadAverage(), table);
        notes.forEach(n -> System.out.println("- " + n));
        return 0;
    }

    /**
     * All objectives of one config and thread count, interleaved: each repeat runs every objective
     * once for Ordo (and, with {@code --data-parallel} at t &gt; 1, once more as t single-thread
     * replicas, the variant "objective xt") and once for each peer setup the rows need (one
     * t-thread process for the one-trainer rows, DDP t x 1 thread for the xt rows; NTP's run shared
     * with MTP), alternating which goes first, so every row of the block sees the same load on average.
     */
    private Block measureBlock(OrdoRunner ordo, PeerRunner peerRunner, BenchShape shape, int t)
            throws IOException, InterruptedException {
        Block block = Block.plan(shape, t, objectives, dataParallel, repeats);
        for (int r = 0; r < repeats; r++) {
            Set<PeerSetup> ran = new HashSet<>();
            for (Variant variant : block.ours().keySet()) {
                PeerSetup peer = block.peers().get(variant);
                boolean runPeer = peerRunner != null && ran.add(peer);
                if (runPeer && r % 2 == 1) {
                    block.theirs().get(peer)[r] = peerMs(peerRunner, peer, shape);
                }
                block.ours().get(variant)[r] = ordo.step(variant.shape(shape), variant.objective(), t, variant.replicas())
                        .map(OrdoRunner.OrdoResult::medianMs).orElse(Double.NaN);
                if (runPeer && r % 2 == 0) {
                    block.theirs().get(peer)[r] = peerMs(peerRunner, peer, shape);
                }
            }
        }
        return block.finish(loadAverage().split(" ")[0]);
    }

    private static double peerMs(PeerRunner peer, PeerSetup setup, BenchShape shape)
            throws IOException, InterruptedException {
        return peer.run(setup, shape).map(PeerRunner.PeerResult::medianMs).orElse(Double.NaN);
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /**
     * Per-repeat step times (ms, NaN where a run failed) of one config and thread count: Ordo's per
     * row, the peer's per setup, and which setup each row compares with.
     */
    record Block(Map<Variant, double[]> ours, Map<Variant, PeerSetup> peers, Map<PeerSetup, double[]> theirs,
                 String load) {

        /** The rows of {@code objectives} at {@code t} threads (plus the xt rows), not measured yet. */
        static Block plan(BenchShape shape, int t, List<String> objectives, boolean dataParallel, int repeats) {
            Map<Variant, double[]> ours = new LinkedHashMap<>();
            Map<Variant, PeerSetup> peers = new LinkedHashMap<>();
            Map<PeerSetup, double[]> theirs = new LinkedHashMap<>();
            for (String spec : objectives) {
                Variant one = new Variant(Objective.parse(spec).toString(), 1);
                List<Variant> rows = dataParallel && t > 1 ? List.of(one, new Variant(one.objective(), t)) : List.of(one);
                for (Variant v : rows) {
                    ours.put(v, nans(repeats));
                    peers.put(v, v.peer(shape, t));
                    theirs.putIfAbsent(v.peer(shape, t), nans(repeats));
                }
            }
            return new Block(ours, peers, theirs, "");
        }

        Block finish(String loadAtEnd) {
            return new Block(ours, peers, theirs, loadAtEnd);
        }

        Row row(Variant variant) {
            String objective = variant.objective();
            double[] o = ours.get(variant);
            double[] p = theirs.get(peers.get(variant));
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            for (int i = 0; i < o.length; i++) {
                if (!Double.isNaN(o[i]) && !Double.isNaN(p[i])) {
                    lo = Math.min(lo, p[i] / o[i]);
                    hi = Math.max(hi, p[i] / o[i]);
                }
            }
            boolean paired = hi > 0 && !objective.startsWith("mtp");
            double peerMedian = median(p);
            return new Row(median(o), Double.isNaN(peerMedian) ? Optional.empty() : Optional.of(peerMedian),
                    peers.get(variant), objective.startsWith("mtp"), paired ? lo : Double.NaN, paired ? hi : Double.NaN);
        }

        /**
         * "Ordo +x%[, Ordo xT +z%], PyTorch 1 proc x T thr +y%[, PyTorch DDP T x 1 thr +w%]": medians
         * over repeats of TOP / NTP - 1, when both were measured (the xT pair: the data-parallel
         * variants and their DDP peer).
         */
        Optional<String> topOverhead() {
            Variant ntp = new Variant("ntp", 1);
            if (!ours.containsKey(ntp) || !ours.containsKey(ntp.on("top"))) {
                return Optional.empty();
            }
            StringBuilder s = new StringBuilder(overhead("Ordo", ours.get(ntp.on("top")), ours.get(ntp)));
            for (Variant v : ours.keySet()) {
                if (v.replicas() > 1 && v.objective().equals("ntp") && ours.containsKey(v.on("top"))) {
                    s.append(", ").append(overhead("Ordo x" + v.replicas(), ours.get(v.on("top")), ours.get(v)));
                }
            }
            for (PeerSetup top : theirs.keySet()) {
                double[] ntpTimes = theirs.get(new PeerSetup("ntp", top.processes(), top.threads(), top.batch()));
                if (top.objective().equals("top") && ntpTimes != null && !Double.isNaN(median(theirs.get(top)))) {
                    s.append(", ").append(overhead("PyTorch " + top.label(), theirs.get(top), ntpTimes));
                }
            }
            return Optional.of(s.toString());
        }

        private static String overhead(String who, double[] top, double[] ntp) {
            return String.format(Locale.ROOT, "%s %+.1f%%", who, 100 * (median(ratios(top, ntp)) - 1));
        }

        private static double[] ratios(double[] a, double[] b) {
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                r[i] = a[i] / b[i];
            }
            return r;
        }
    }

    record Row(double ordoMs, Optional<Double> peerMs, PeerSetup peer, boolean peerIsNtp, double minRatio,
                       double maxRatio) {
        String format(BenchShape config, int threads, Variant variant, double peak, String load) {
            Objective objective = Objective.parse(variant.objective());
            BenchShape s = variant.shape(config);
            ModelConfig c = s.modelConfig();
            double tokens = s.tokensPerStep();
            double ordoTps = tokens / (ordoMs / 1e3);
            double gflops = Flops.perToken(c, objective) * ordoTps / 1e9;
            String tag = peerIsNtp ? " (ntp)" : "";
            return String.format(Locale.ROOT, "| %s | %d | %s | %s | %.1f | %,.0f | %s | %s | %s | %s | %.1f | %.0f%% | %s |",
                    s.name(), threads, variant.label(config), peerMs.isPresent() ? peer.label() : "-", ordoMs, ordoTps,
                    peerMs.map(ms -> String.format(Locale.ROOT, "%.1f%s", ms, tag)).orElse("n/a"),
                    peerMs.map(ms -> String.format(Locale.ROOT, "%,.0f", tokens / (ms / 1e3))).orElse("n/a"),
                    peerMs.map(ms -> String.format(Locale.ROOT, "**%.2fx**%s", ms / ordoMs, tag)).orElse("n/a"),
                    Double.isNaN(minRatio) ? "-" : String.format(Locale.ROOT, "%.2f..%.2f", minRatio, maxRatio),
                    gflops, 100 * gflops / (threads * peak), load);
        }
    }

    /** Median of the non-NaN values; NaN when there are none. */
    private static double median(double[] xs) {
        double[] s = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
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
