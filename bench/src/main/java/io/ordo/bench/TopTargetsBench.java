package io.ordo.bench;

import io.ordo.bench.jmh.TopTargetBuilderBenchmark;
import io.ordo.core.top.TopTargets;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sparse TOP target construction rate (JMH, {@link TopTargetBuilderBenchmark}) and the memory of
 * sparse targets against a dense (T, V) tensor.
 */
@Command(name = "top-targets", mixinStandardHelpOptions = true,
        description = "JMH: sparse TOP target construction tokens/s per core and memory vs dense (T, V) at V=32k.")
public final class TopTargetsBench implements Callable<Integer> {
    @Option(names = "--quick", description = "1 warm-up and 2 measurement iterations (smoke test)")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        int t = TopTargetBuilderBenchmark.SEQ;
        int k = TopTargetBuilderBenchmark.K;
        long sparseBytes = new TopTargets(t, k).payloadBytes();
        long denseF32 = 4L * t * 32000;
        System.out.printf(Locale.ROOT, "memory per sequence of T=%d: sparse k=%d %,d B (%d B/row); dense (T, V=32000) "
                        + "float32 %,d B, fp16 %,d B: %.0fx smaller than float32%n",
                t, k, sparseBytes, sparseBytes / t, denseF32, denseF32 / 2, (double) denseF32 / sparseBytes);
        OptionsBuilder ob = new OptionsBuilder();
        ob.include(TopTargetBuilderBenchmark.class.getName() + ".*");
        if (quick) {
            ob.warmupIterations(1).measurementIterations(2);
        }
        Options opts = ob.build();
        Collection<RunResult> results = new Runner(opts).run();
        System.out.println();
        for (RunResult r : results) {
            var p = r.getParams();
            System.out.printf(Locale.ROOT, "RESULT top_targets bench=%s vocab=%s window=%s tokens=%s tokens_per_s=%.0f error=%.0f%n",
                    p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1), p.getParam("vocab"),
                    p.getParam("window"), p.getParam("tokens"), r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError());
        }
        return 0;
    }
}
