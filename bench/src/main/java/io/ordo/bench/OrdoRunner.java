package io.ordo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs Ordo measurements ({@link StepRun}, {@link SgemmPeak}) in a fresh JVM per measurement, as
 * the peer runs in a fresh Python: the thread count must be in OMP_NUM_THREADS before OpenBLAS
 * loads, and every measurement starts from the same cold JIT.
 */
public final class OrdoRunner {
    private final List<String> jvm;

    /** Children get this JVM's java binary, class path and options (profiling agents and JFR left out) plus {@code extraJvmArgs}. */
    public OrdoRunner(List<String> extraJvmArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-XX:StartFlightRecording") && !arg.startsWith("-agent") && !arg.startsWith("-javaagent")
                    && !arg.startsWith("-XX:FlightRecorder")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(extraJvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchCommand.class.getName());
        this.jvm = List.copyOf(cmd);
    }

    /** Median step time and tokens/s of one Ordo run. */
    public record OrdoResult(double medianMs, double tokensPerSecond) {
    }

    /**
     * One step measurement on {@code threads} cores: one trainer with a {@code threads}-thread
     * OpenBLAS, or with {@code replicas} = threads, that many single-thread data-parallel trainers.
     */
    public Optional<OrdoResult> step(BenchShape shape, String objective, int threads, int replicas)
            throws IOException, InterruptedException {
        String config = String.join(",", List.of("" + shape.batch(), "" + shape.seq(), "" + shape.dim(), "" + shape.heads(),
                "" + shape.layers(), "" + shape.vocab(), "" + shape.window(), "" + shape.steps(), "" + shape.warmup()));
        return run(threads / replicas, "step", "--config", config, "--objective", objective, "--replicas", "" + replicas).map(line -> new OrdoResult(
                Double.parseDouble(ChildProcess.field(line, "median_ms")),
                Double.parseDouble(ChildProcess.field(line, "tokens_per_s"))));
    }

    /** Best sgemm GFLOP/s at {@code threads}. */
    public Optional<Double> sgemmPeak(int threads) throws IOException, InterruptedException {
        return run(threads, "sgemm-peak").map(line -> Double.parseDouble(ChildProcess.field(line, "sgemm_gflops")));
    }

    private Optional<String> run(int threads, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(jvm);
        cmd.addAll(List.of(args));
        return ChildProcess.resultLine(cmd, threads, Map.of());
    }
}
