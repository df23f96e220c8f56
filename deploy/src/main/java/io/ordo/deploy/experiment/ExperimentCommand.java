package io.ordo.deploy.experiment;

import io.ordo.deploy.JobOptions;
import io.ordo.deploy.config.DataSettings;
import io.ordo.deploy.config.ParallelSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ordo experiment NAME}: trains every arm of a reference experiment with the same seeds and
 * budget, then writes {@code results.md}, {@code results.csv} and {@code curves.png} into
 * {@code --out} and prints the table.
 *
 * <p>An interrupted experiment (Ctrl-C, a kill, a lost session) continues with the same command plus
 * {@code --resume}: finished arms are kept ({@code OUT/ARM-sSEED/arm-result.json}), the arm that was
 * training resumes from its newest checkpoint (arms checkpoint at every evaluation), the others start.
 * The settings must be those in {@code OUT/experiment.json}.
 *
 * <pre>
 * ./ordo experiment stargraph --quick          # ~1-2 min on 2 cores: a pipeline check
 * ./ordo experiment stargraph                  # G(2,3,20), 4 arms x 6,000 steps
 * ./ordo experiment stargraph --resume         # continue it after an interruption
 * ./ordo experiment arithmetic --task arithmetic:mul,2 --arms natural,mi
 * ./ordo experiment textlm --task text:/path/jargon.txt
 * </pre>
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {"Train every arm of a reference experiment at one budget; write results.md, results.csv, "
                + "curves.png.", "Experiments: stargraph (ntp, mtp:2, mtp:4, top), arithmetic (natural, reverse, "
                + "random, mi), textlm (ntp, mtp:2, mtp:4, top), selfspec (top, mtp:2, mtp:4)."})
public final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "stargraph | arithmetic | textlm | selfspec")
    String name;

    @Mixin
    JobOptions jobOptions;

    @Option(names = "--quick", description = "the small budget: a minute or two on 2 cores")
    boolean quick;

    @Option(names = "--arms", split = ",", description = "a subset of the arms, e.g. ntp,top")
    List<String> arms;

    @Option(names = "--seeds", split = ",", description = "model and data seeds, e.g. 1,2 (each arm runs once per seed)")
    List<Long> seeds;

    @Option(names = "--out", description = "experiment directory (default runs/experiments/NAME[-quick])")
    Path out;

    @Option(names = "--overwrite", description = "replace arm directories left by an earlier run in --out")
    boolean overwrite;

    @Option(names = "--resume", description = "continue an interrupted run in --out (same command): keep finished "
            + "arms, resume the one that was training from its checkpoint")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        if (resume && overwrite) {
            throw new IllegalArgumentException("--resume continues the run in --out and --overwrite replaces it; "
                    + "pass one of them");
        }
        Experiment e = Experiments.byName(name);
        List<Arm> selected = e.select(arms);
        Path dir = out != null ? out : Path.of("runs", "experiments", e.name() + (quick ? "-quick" : ""));
        Budget b = (quick ? e.quick() : e.full()).with(overrides());
        if (seeds != null) {
            b = b.withSeeds(seeds);
        }
        Files.createDirectories(dir);
        b = ExperimentRunner.settleTask(e, b, dir);
        String command = "ordo " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("ordo experiment %s%s: %s%n  arms %s; %s%n  out %s%n", e.name(), quick ? " (quick)" : "", e.summary(),
                selected.stream().map(Arm::name).toList(), b.describe(e.arms()), dir);
        w.flush();
        ExistingArms existing = resume ? ExistingArms.RESUME : overwrite ? ExistingArms.OVERWRITE : ExistingArms.REFUSE;
        List<ArmResult> results = ExperimentRunner.run(e, b, selected, dir, existing, w);
        String title = String.valueOf(b.get(DataSettings.TASK)).replaceFirst("^text:.*/", "text:");
        CurvePlot.write(results, title, dir.resolve("curves.png"));
        ResultsTable.writeCsv(results, dir.resolve("results.csv"));
        String wall = String.format(Locale.ROOT, "%.1f s summed over the arms (this command %.1f s)",
                results.stream().mapToDouble(ArmResult::wallSeconds).sum(), (System.nanoTime() - t0) / 1e9);
        String table = ResultsTable.markdown(results);
        Files.writeString(dir.resolve("results.md"), header(e, b, command, wall, results) + "\n" + table
                + "\n![learning curves](curves.png)\n");
        w.printf("%n%s%ncommand: %s%nwall time: %s; results in %s (results.md, results.csv, curves.png)%n", table,
                command, wall, dir);
        w.flush();
        return 0;
    }

    private String header(Experiment e, Budget b, String command, String wall, List<ArmResult> results) {
        String workers = results.stream().map(r -> String.valueOf(r.workers())).distinct().collect(Collectors.joining("/"));
        String resumed = results.stream().filter(r -> !r.resumedFrom().isEmpty())
                .map(r -> r.arm() + " s" + r.seed() + " (from step " + r.resumedFrom().stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + ")").collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "# Experiment %s%s%n%n%s.%n%n- command: `%s`%n- budget: %s%n- trainers: %s "
                        + "data-parallel worker(s) per arm (`ordo.job." + ParallelSettings.WORKERS + "`; the same update whatever the count, "
                        + "up to float summation order)%n- wall time: %s, finished %s%n%s", e.name(), quick ? " (quick)" : "",
                e.summary(), command, b.describe(e.arms()), workers, wall,
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT)).substring(0, 19),
                resumed.isEmpty() ? "" : "- resumed after an interruption: " + resumed + "\n");
    }

    /** Command-line options as job keys. */
    private Map<String, Object> overrides() {
        return jobOptions.keys();
    }
}
