package io.ordo.bench;

import io.ordo.model.Objective;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One Ordo step-time measurement in this JVM, printed as a RESULT line that {@link OrdoRunner}
 * parses. The thread count is whatever OpenBLAS and ND4J were started with
 * ({@code OMP_NUM_THREADS}, set by the parent), per replica.
 */
@Command(name = "step", mixinStandardHelpOptions = true,
        description = "Times Ordo training steps for one config and objective; prints a RESULT line.")
public final class StepRun implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "tiny", description = "tiny, 10m or B,T,D,H,L,V,W[,steps,warmup]")
    String config;
    @Option(names = "--objective", defaultValue = "ntp", description = "ntp, top or mtp:N")
    String objective;
    @Option(names = "--replicas", defaultValue = "1",
            description = "data-parallel trainers on their own threads, each on batch/replicas rows (ordo train --workers)")
    int replicas;

    @Override
    public Integer call() {
        BenchShape shape = BenchShape.parse(config);
        Objective obj = Objective.parse(objective);
        if (obj.kind() == Objective.Kind.TOP) {
            obj = obj.withTopWindow(shape.window());
        }
        StepBenchmark.Result r = StepBenchmark.run(shape.modelConfig(), obj, shape.batch(), shape.steps(), shape.warmup(), replicas);
        System.out.printf("RESULT ordo objective=%s median_ms=%.2f tokens_per_s=%.0f final_loss=%.4f cpu_ms=%.2f%n",
                r.objective(), r.medianMs(), r.tokensPerSecond(), r.finalLoss(), r.medianCpuMs());
        return 0;
    }
}
