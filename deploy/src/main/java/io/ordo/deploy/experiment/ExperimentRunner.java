package io.ordo.deploy.experiment;

import com.typesafe.config.Config;
import io.ordo.actors.RunSummary;
import io.ordo.actors.job.TrainingJob;
import io.ordo.deploy.JobConfig;
import io.ordo.deploy.JobRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every arm at every seed of an experiment, one after another in this JVM, each as an
 * {@code ordo train} job (the whole actor pipeline) in its own directory {@code OUT/ARM-sSEED}.
 * Checkpoints are written only at the end of each arm.
 */
public final class ExperimentRunner {
    private ExperimentRunner() {
    }

    /**
     * The budget with its task settled: an experiment with bundled text and no {@code task} key
     * gets the bundled corpus, copied to {@code OUT/corpus/}.
     */
    public static Budget settleTask(Experiment e, Budget b, Path out) throws IOException {
        if (b.get("task") != null || e.bundledText() == null) {
            return b;
        }
        Path corpus = out.resolve("corpus").resolve(e.bundledText());
        Files.createDirectories(corpus.getParent());
        try (InputStream in = ExperimentRunner.class.getResourceAsStream(e.bundledText())) {
            if (in == null) {
                throw new IllegalStateException("bundled corpus " + e.bundledText() + " is missing from the jar");
            }
            Files.copy(in, corpus, StandardCopyOption.REPLACE_EXISTING);
        }
        return b.with(Map.of("task", "text:" + corpus));
    }

    /**
     * Trains {@code arms} x seeds of {@code b} under {@code out}. Every arm's configuration is
     * validated before the first one starts.
     *
     * @param overwrite delete arm directories left by an earlier run instead of refusing
     * @param probe     measured on each arm's final checkpoint after it trained, or null
     * @throws IllegalStateException when an arm directory exists and {@code overwrite} is false
     */
    public static List<ArmResult> run(Budget b, List<Arm> arms, Path out, boolean overwrite, ArmProbe probe,
                                      PrintWriter w) throws Exception {
        List<Config> configs = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (long seed : b.seeds()) {
            for (Arm arm : arms) {
                Config c = JobConfig.load(null, overrides(b, arm, seed, out.resolve(arm.dirName() + "-s" + seed)));
                JobConfig.job(c);
                configs.add(c);
                tags.add(arm.name() + " s" + seed);
            }
        }
        for (Config c : configs) {
            clear(JobConfig.job(c).outDir(), overwrite);
        }
        List<ArmResult> results = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            TrainingJob job = JobConfig.job(configs.get(i));
            w.printf("arm %d/%d: %s (seed %d, %d worker(s)) -> %s%n", i + 1, configs.size(), tags.get(i),
                    job.dataSeed(), job.workers(), job.outDir());
            w.flush();
            CurveRecorder recorder = new CurveRecorder(tags.get(i), w);
            long t0 = System.nanoTime();
            RunSummary s = JobRunner.run(job, JobConfig.render(configs.get(i)), recorder);
            double wall = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> extras = probe == null ? Map.of() : probe.measure(job);
            if (!extras.isEmpty()) {
                StringBuilder line = new StringBuilder("  [" + tags.get(i) + "]");
                extras.forEach((k, v) -> line.append(String.format(java.util.Locale.ROOT, " %s %.3f", k, v)));
                w.println(line);
                w.flush();
            }
            Arm arm = arms.get(i % arms.size());
            results.add(new ArmResult(arm.name(), job.dataSeed(), recorder.curve(), s, job.outDir(), wall,
                    job.workers(), extras));
        }
        return results;
    }

    /** The {@code ordo.job} overrides of one arm at one seed. */
    static Map<String, Object> overrides(Budget b, Arm arm, long seed, Path dir) {
        Map<String, Object> m = new LinkedHashMap<>();
        b.keys().forEach((k, v) -> m.put(JobConfig.PREFIX + "." + k, v));
        arm.keys().forEach((k, v) -> m.put(JobConfig.PREFIX + "." + k, v));
        m.put(JobConfig.PREFIX + ".seed", seed);
        m.put(JobConfig.PREFIX + ".out", dir.toString());
        m.put(JobConfig.PREFIX + ".checkpoint-every", 0);
        m.put(JobConfig.PREFIX + ".keep-checkpoints", 1);
        m.put(JobConfig.PREFIX + ".resume", false);
        return m;
    }

    private static void clear(Path dir, boolean overwrite) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!overwrite) {
            throw new IllegalStateException("arm directory " + dir + " exists from an earlier run; pass --overwrite "
                    + "to replace it or choose another --out");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
