package io.ordo.bench;

import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training-step throughput of Ordo against the PyTorch peer, measured in the same run.
 *
 * <pre>
 * mvn -q -DskipTests package && OMP_NUM_THREADS=1 java -jar bench/target/ordo-bench.jar
 * java -jar bench/target/ordo-bench.jar pipeline-throughput --tokenizer cl100k
 * </pre>
 */
@Command(name = "ordo-bench", mixinStandardHelpOptions = true,
        description = "Training tokens/s, Ordo vs the PyTorch peer, one thread each, same config and run.",
        subcommands = {PipelineThroughput.class, AllReduceBandwidth.class})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--batch", defaultValue = "32") int batch;
    @Option(names = "--seq", defaultValue = "64") int seq;
    @Option(names = "--dim", defaultValue = "128") int dim;
    @Option(names = "--heads", defaultValue = "4") int heads;
    @Option(names = "--layers", defaultValue = "2") int layers;
    @Option(names = "--vocab", defaultValue = "64") int vocab;
    @Option(names = "--window", defaultValue = "16", description = "TOP window W") int window;
    @Option(names = "--steps", defaultValue = "60") int steps;
    @Option(names = "--warmup", defaultValue = "5") int warmup;
    @Option(names = "--python", defaultValue = "/usr/bin/python3") String python;
    @Option(names = "--peer", defaultValue = "../shared/peer/torch_gpt.py", description = "peer script") Path peer;
    @Option(names = "--no-peer", description = "skip the PyTorch peer") boolean noPeer;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ModelConfig config = new ModelConfig(vocab, seq, dim, heads, layers, 4, 0.0, false, 42);
        System.out.printf("config: B=%d T=%d D=%d H=%d L=%d V=%d W=%d, %d steps (first %d excluded), 1 thread%n",
                batch, seq, dim, heads, layers, vocab, window, steps, warmup);
        System.out.println("| objective | Ordo ms/step | Ordo tokens/s | PyTorch ms/step | PyTorch tokens/s | Ordo / PyTorch |");
        System.out.println("|---|---|---|---|---|---|");
        double ntpMs = 0;
        for (Objective objective : new Objective[] {Objective.ntp(), Objective.top(window)}) {
            StepBenchmark.Result ours = StepBenchmark.run(config, objective, batch, steps, warmup);
            Optional<PeerRunner.PeerResult> theirs = noPeer ? Optional.empty()
                    : new PeerRunner(python, peer).run(objective.toString(), batch, seq, dim, heads, layers, vocab, window, steps, 1);
            System.out.printf("| %s | %.1f | %.0f | %s | %s | %s |%n", ours.objective(), ours.medianMs(), ours.tokensPerSecond(),
                    theirs.map(p -> String.format("%.1f", p.medianMs())).orElse("n/a"),
                    theirs.map(p -> String.format("%.0f", p.tokensPerSecond())).orElse("n/a"),
                    theirs.map(p -> String.format("%.2fx", ours.tokensPerSecond() / p.tokensPerSecond())).orElse("n/a"));
            if (objective.kind() == Objective.Kind.NTP) {
                ntpMs = ours.medianMs();
            } else {
                System.out.printf("%nTOP step time over NTP (Ordo): %+.1f%%%n", 100.0 * (ours.medianMs() / ntpMs - 1));
            }
        }
        return 0;
    }
}
