package io.ordo.deploy;

import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.report.RunSummary;
import io.ordo.deploy.config.ParallelSettings;
import io.ordo.deploy.ops.NodeOps;
import io.ordo.deploy.ops.OpsConfig;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ordo train}: the actor pipeline (stream, trainer, checkpointer, evaluator) on a generated
 * task or a text corpus ({@code --task text:PATH}: held-out perplexity instead of exact match). The default is the star graph G(2,3) with N = 20 and the TOP objective. Every option maps to
 * a key of {@code ordo.job} in {@code reference.conf}; options win over {@code --config} and
 * {@code -D} settings. While it runs, the node serves {@code /metrics}, {@code /alive}, {@code /ready}
 * and the dashboard on {@code ordo.job.http.port} (see {@link NodeOps}). A checkpoint that cannot be
 * written does not stop training; the exit status is 1 when the final one could not be.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train on a generated task or text (default: star graph G(2,3,N=20), objective top).")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions jobOptions;

    @Mixin
    RunOptions runOptions;

    @Option(names = "--workers", description = "data-parallel trainers in this JVM, one thread each: N (1..--batch; "
            + "each reads its share of every batch) or auto (default: the largest divisor of --batch <= the available processors)")
    String workers;

    @Option(names = "--http-host", description = "interface of the HTTP endpoint (default 127.0.0.1)")
    String httpHost;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> overrides = new LinkedHashMap<>();
        jobOptions.keys().forEach((k, v) -> put(overrides, k, v));
        runOptions.keys().forEach((k, v) -> put(overrides, k, v));
        put(overrides, ParallelSettings.WORKERS, workers);
        put(overrides, OpsConfig.HOST_KEY, httpHost);
        var resolved = JobConfig.load(runOptions.config(), overrides);
        TrainingJob job = JobConfig.job(resolved);
        InitialWeights.check(job);
        OpsConfig ops = OpsConfig.from(resolved.getConfig(JobConfig.PREFIX));
        PrintWriter w = spec.commandLine().getOut();
        w.printf("ordo train: task %s, objective %s, order %s, model %s, workers %d, out %s%n", job.task().name(),
                job.objective(), job.order(), job.model(), job.workers(), job.outDir());
        w.flush();
        RunSummary summary = JobRunner.run(job, JobConfig.render(resolved), new ConsoleProgress(w), NodeOps.create(ops, w));
        return exitStatus(summary, job, spec.commandLine().getErr());
    }

    /**
     * 0 when the run trained every step and its final checkpoint is on disk; else 1, and when that
     * checkpoint could not be written (the result is not durable) one line on {@code err} naming the
     * directory and the error.
     */
    public static int exitStatus(RunSummary summary, TrainingJob job, PrintWriter err) {
        summary.notDurable().ifPresent(why -> {
            err.println("ordo: " + why);
            err.flush();
        });
        return summary.steps() == job.steps() && summary.notDurable().isEmpty() ? 0 : 1;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(JobConfig.PREFIX + "." + key, value);
        }
    }
}
