package io.ordo.deploy.experiment;

import io.ordo.actors.MetricsLog;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.report.EvalResult;
import io.ordo.deploy.RunDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ordo curves LABEL=RUN_DIR ... --out FILE.png}: plots the held-out evaluations that runs
 * logged in their {@code metrics.jsonl} ({@code ordo train} runs or experiment arms), one line per
 * label; runs sharing a label (seeds) are averaged. {@code --x samples} compares runs of different
 * batch sizes or tasks by training samples seen.
 *
 * <pre>
 * ./ordo curves --x samples --out docs/top-samples.png \
 *     "G(2,3,20)=runs/sg/top-s1" "G(3,3,30)=runs/sg33/top-s1" "G(3,3,30)=runs/sg33/top-s2"
 * </pre>
 */
@Command(name = "curves", mixinStandardHelpOptions = true,
        description = "Plot runs' held-out evaluations (metrics.jsonl) into one PNG: exact match or perplexity, and NTP loss.")
public final class CurvesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LABEL=RUN_DIR", description = "a run directory and its legend label; "
            + "runs with the same label are averaged")
    List<String> runs;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Option(names = "--x", defaultValue = "steps", description = "x axis: steps | samples (steps x batch)")
    String x;

    @Option(names = "--title", defaultValue = "", description = "chart title")
    String title;

    @Override
    public Integer call() throws Exception {
        CurveAxis axis = switch (x.trim().toLowerCase(Locale.ROOT)) {
            case "steps" -> CurveAxis.STEPS;
            case "samples" -> CurveAxis.SAMPLES;
            default -> throw new IllegalArgumentException("--x must be steps or samples, got '" + x + "'");
        };
        List<Curve> curves = new ArrayList<>();
        for (String run : runs) {
            int eq = run.indexOf('=');
            if (eq <= 0 || eq == run.length() - 1) {
                throw new IllegalArgumentException("expected LABEL=RUN_DIR, got '" + run + "'");
            }
            Path dir = Path.of(run.substring(eq + 1));
            TrainingJob job = RunDirectory.jobOf(dir);
            List<EvalResult> evals = Curve.latestPerStep(MetricsLog.evals(dir.resolve(job.metricsFile().getFileName())));
            if (evals.isEmpty()) {
                throw new IllegalArgumentException(dir + " has no evaluation in its metrics.jsonl yet");
            }
            curves.add(new Curve(run.substring(0, eq), job.batchSize(), evals));
        }
        CurvePlot.write(curves, title, axis, out);
        spec.commandLine().getOut().printf("wrote %s (%d run(s))%n", out, curves.size());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
