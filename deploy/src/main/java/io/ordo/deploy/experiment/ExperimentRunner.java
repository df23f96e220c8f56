package io.ordo.deploy.experiment;

import io.ordo.deploy.config.DataSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs every arm at every seed of an experiment, one after another in this JVM, each as an
 * {@link ArmRun} in its own directory {@code OUT/ARM-sSEED}, or continues such a run after an
 * interruption.
 */
public final class ExperimentRunner {
    private ExperimentRunner() {
    }

    /**
     * The budget with its task settled: an experiment with bundled text and no {@code task} key
     * gets the bundled corpus, copied to {@code OUT/corpus/}.
     */
    public static Budget settleTask(Experiment e, Budget b, Path out) throws IOException {
        if (b.get(DataSettings.TASK) != null || e.bundledText() == null) {
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
        return b.with(Map.of(DataSettings.TASK, "text:" + corpus));
    }

    /**
     * Trains {@code arms} x seeds of {@code b} under {@code out}, one after another. Every arm's
     * configuration is validated before the first one starts; {@code out/experiment.json} records
     * the settings (a resumed run must have the same).
     *
     * @param existing what to do with arm directories an earlier run left in {@code out}
     * @throws IllegalStateException    when an arm directory exists and {@code existing} is REFUSE
     * @throws IllegalArgumentException when resuming a run whose settings differ or that is not there
     */
    public static List<ArmResult> run(Experiment e, Budget b, List<Arm> arms, Path out, ExistingArms existing,
                                      PrintWriter w) throws Exception {
        List<ArmRun> runs = new ArrayList<>();
        for (long seed : b.seeds()) {
            for (Arm arm : arms) {
                runs.add(new ArmRun(b, arm, seed, out));
            }
        }
        ExperimentSettings settings = new ExperimentSettings(e.name(), b, arms.stream().map(Arm::name).toList());
        if (existing == ExistingArms.RESUME) {
            settings.checkSameAs(out);
        } else {
            for (ArmRun r : runs) {
                if (existing == ExistingArms.REFUSE && Files.exists(r.dir())) {
                    throw new IllegalStateException("arm directory " + r.dir() + " exists from an earlier run; pass "
                            + "--resume to continue that run, --overwrite to replace it, or choose another --out");
                }
                r.delete();
            }
            settings.write(out);
        }
        List<ArmResult> results = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            results.add(runs.get(i).run((i + 1) + "/" + runs.size(), e.probe(), w));
        }
        return results;
    }
}
