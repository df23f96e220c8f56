package io.ordo.deploy.experiment;

import com.typesafe.config.Config;
import io.ordo.actors.MetricsLog;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.RunListeners;
import io.ordo.actors.report.RunSummary;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.deploy.JobConfig;
import io.ordo.deploy.JobRunner;
import io.ordo.deploy.config.CheckpointSettings;
import io.ordo.deploy.config.EvalSettings;
import io.ordo.deploy.config.JobKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One arm at one seed in its directory {@code OUT/ARM-sSEED}: an {@code ordo train} job (the whole
 * actor pipeline) that checkpoints at every evaluation and keeps the last two checkpoints. It trains
 * the arm, or after an interruption keeps it when it finished ({@code arm-result.json}) or continues
 * it from its newest valid checkpoint (an arm that left no checkpoint starts over), then writes
 * {@code arm-result.json}.
 */
final class ArmRun {
    /** Checkpoints an arm keeps: the newest, and one more in case a kill damaged it. */
    static final int KEEP_CHECKPOINTS = 2;

    private final Budget budget;
    private final Arm arm;
    private final long seed;
    private final Path dir;
    private final TrainingJob job;

    /** Validates the arm's job configuration (nothing is written). */
    ArmRun(Budget budget, Arm arm, long seed, Path out) {
        this.budget = budget;
        this.arm = arm;
        this.seed = seed;
        this.dir = out.resolve(arm.dirName() + "-s" + seed);
        this.job = JobConfig.job(config(false));
    }

    Path dir() {
        return dir;
    }

    /** Deletes the arm's directory, if there is one. */
    void delete() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Trains, resumes or keeps the arm, as its directory says.
     *
     * @param position e.g. {@code 2/4}, for the output
     * @param probe    measured on the arm's final checkpoint after it trained, or null
     */
    ArmResult run(String position, ArmProbe probe, PrintWriter w) throws Exception {
        String tag = arm.name() + " s" + seed;
        if (ArmResultFile.exists(dir)) {
            ArmResult kept = ArmResultFile.read(dir);
            w.printf("arm %s: %s kept (it finished earlier, %d steps) -> %s%n", position, tag, kept.summary().steps(),
                    dir);
            w.flush();
            return kept;
        }
        long from = resumeStep();
        if (from < 0) {
            delete(); // an earlier start that left no checkpoint: start over
        }
        w.printf("arm %s: %s (seed %d, %d worker(s)) -> %s%s%n", position, tag, job.dataSeed(), job.workers(), dir,
                from < 0 ? "" : ", resuming from its checkpoint at step " + from);
        w.flush();
        CurveRecorder recorder = new CurveRecorder(tag, w);
        ArmProgress progress = from < 0 ? ArmProgress.start(dir) : ArmProgress.resume(dir, from);
        RunSummary s = from < 0 ? train(false, recorder, progress) : resume(from, recorder, progress);
        double wall = progress.wallSeconds();
        Map<String, Double> extras = probe == null ? Map.of() : probe.measure(job);
        if (!extras.isEmpty()) {
            w.println("  [" + tag + "]" + extras.entrySet().stream().map(x -> String.format(Locale.ROOT, " %s %.3f",
                    x.getKey(), x.getValue())).collect(Collectors.joining()));
            w.flush();
        }
        ArmResult r = new ArmResult(arm.name(), seed, recorder.curve(), s, dir, wall, job.workers(), extras,
                progress.resumedFrom());
        ArmResultFile.write(r);
        return r;
    }

    /**
     * Continues the arm after its checkpoint at step {@code from}: the evaluations before the
     * interruption come from its {@code metrics.jsonl} (and its checkpoints, for those the kill cut
     * off); the summary counts the tokens of the steps before the checkpoint too.
     */
    private RunSummary resume(long from, CurveRecorder recorder, ArmProgress progress) throws Exception {
        List<EvalResult> logged = MetricsLog.evals(job.metricsFile());
        recorder.before(logged);
        MissedEvals.evaluate(job, logged.stream().map(EvalResult::step).collect(Collectors.toSet()))
                .forEach(recorder::onEval);
        RunSummary s = from < job.steps() ? train(true, recorder, progress)
                : new RunSummary(from, null, 0, 0, 0); // it had trained every step: only its result was missing
        List<EvalResult> curve = recorder.curve();
        return new RunSummary(s.steps(), curve.get(curve.size() - 1), s.restarts(), s.seconds(),
                s.tokens() + from * job.tokensPerStep(), s.badInput(), s.finalCheckpointFailure());
    }

    private RunSummary train(boolean resume, CurveRecorder recorder, ArmProgress progress) throws Exception {
        Config c = config(resume);
        return JobRunner.run(JobConfig.job(c), JobConfig.render(c), RunListeners.of(recorder, progress));
    }

    /** The step of the arm's newest valid checkpoint (the one a resumed run starts from), or -1. */
    private long resumeStep() throws IOException {
        if (!Files.isDirectory(job.checkpointDir())) {
            return -1;
        }
        try (CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            return store.loadLatestValid().map(Checkpoint::step).orElse(-1L);
        }
    }

    private Config config(boolean resume) {
        return JobConfig.load(null, overrides(budget, arm, seed, dir, resume));
    }

    /**
     * The {@code ordo.job} overrides of one arm at one seed: the budget, the arm's keys, a checkpoint
     * at every evaluation (every experiment's budget sets {@code eval.every}).
     */
    static Map<String, Object> overrides(Budget b, Arm arm, long seed, Path dir, boolean resume) {
        Map<String, Object> m = new LinkedHashMap<>();
        b.keys().forEach((k, v) -> m.put(JobConfig.PREFIX + "." + k, v));
        arm.keys().forEach((k, v) -> m.put(JobConfig.PREFIX + "." + k, v));
        m.put(JobKeys.path(JobConfig.SEED), seed);
        m.put(JobKeys.path(JobConfig.OUT), dir.toString());
        m.put(JobKeys.path(CheckpointSettings.EVERY), b.keys().getOrDefault(EvalSettings.EVERY, 0));
        m.put(JobKeys.path(CheckpointSettings.KEEP), KEEP_CHECKPOINTS);
        m.put(JobKeys.path(JobConfig.RESUME), resume);
        return m;
    }
}
