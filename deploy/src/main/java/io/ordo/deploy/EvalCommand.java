package io.ordo.deploy;

import io.ordo.actors.report.EvalResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ordo eval --out DIR}: evaluates a run's newest valid checkpoint on the held-out split. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a run's newest checkpoint.")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "run directory")
    Path out;

    @Option(names = "--init-from", description = "evaluate these safetensors weights (ordo export, or the PyTorch "
            + "peer's) with the run's task and settings, instead of its newest checkpoint")
    Path initFrom;

    @Option(names = "--examples", description = "held-out examples, or text windows (default: the run's eval-examples)")
    Integer examples;

    @Override
    public Integer call() throws Exception {
        RunDirectory run = initFrom != null ? RunDirectory.withWeights(out, initFrom) : RunDirectory.open(out);
        EvalResult r = run.evaluate(examples == null ? run.job() : run.job().withEvalExamples(examples));
        spec.commandLine().getOut().println("step " + r.step() + ": " + r.describe());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
