package io.ordo.deploy;

import io.ordo.deploy.config.DataSettings;
import io.ordo.deploy.config.EvalSettings;
import io.ordo.deploy.config.ModelSettings;
import io.ordo.deploy.config.OptimizerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The job options that {@code ordo train}, {@code ordo launch} and {@code ordo experiment} share (a
 * picocli mixin): task, budget, model shape, evaluation. Each sets one {@code ordo.job} key
 * ({@link #KEYS}); {@link RunOptions} holds those of a single run (train and launch).
 */
public final class JobOptions {
    /** Option to the {@code ordo.job} key it sets (below the prefix). */
    public static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("--task", DataSettings.TASK),
            Map.entry("--text-tokenizer", DataSettings.TEXT_TOKENIZER),
            Map.entry("--text-seq-len", DataSettings.TEXT_SEQ_LEN),
            Map.entry("--steps", JobConfig.STEPS),
            Map.entry("--batch", JobConfig.BATCH),
            Map.entry("--lr", OptimizerSettings.LR),
            Map.entry("--d-model", ModelSettings.D_MODEL),
            Map.entry("--layers", ModelSettings.LAYERS),
            Map.entry("--heads", ModelSettings.HEADS),
            Map.entry("--eval-every", EvalSettings.EVERY),
            Map.entry("--eval-examples", EvalSettings.EXAMPLES));

    @Option(names = "--task", description = "stargraph:D,L,N | arithmetic:add|mul|gcd,DIGITS | text:PATH")
    String task;

    @Option(names = "--text-tokenizer", description = "text tasks and live sources: byte | r50k | p50k | cl100k | o200k")
    String textTokenizer;

    @Option(names = "--text-seq-len", description = "text tasks and live sources: context length in tokens")
    Integer textSeqLen;

    @Option(names = "--steps", description = "optimizer steps")
    Long steps;

    @Option(names = "--batch", description = "sequences per step (the global batch, split over workers or ranks)")
    Integer batch;

    @Option(names = "--lr", description = "peak learning rate")
    Double lr;

    @Option(names = "--d-model", description = "residual width")
    Integer dModel;

    @Option(names = "--layers", description = "transformer blocks")
    Integer layers;

    @Option(names = "--heads", description = "attention heads")
    Integer heads;

    @Option(names = "--eval-every", description = "steps between held-out evaluations (0 = only at the end)")
    Long evalEvery;

    @Option(names = "--eval-examples", description = "held-out examples (or text windows) per evaluation")
    Integer evalExamples;

    /** The options given, by option name, in a stable order. */
    public Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfGiven(m, "--task", task);
        putIfGiven(m, "--text-tokenizer", textTokenizer);
        putIfGiven(m, "--text-seq-len", textSeqLen);
        putIfGiven(m, "--steps", steps);
        putIfGiven(m, "--batch", batch);
        putIfGiven(m, "--lr", lr);
        putIfGiven(m, "--d-model", dModel);
        putIfGiven(m, "--layers", layers);
        putIfGiven(m, "--heads", heads);
        putIfGiven(m, "--eval-every", evalEvery);
        putIfGiven(m, "--eval-examples", evalExamples);
        return m;
    }

    /** The options given, as job keys without the {@code ordo.job.} prefix, in a stable order. */
    public Map<String, Object> keys() {
        return keys(given(), KEYS);
    }

    /** {@code given} (option to value) as keys, through {@code keys} (option to key). */
    static Map<String, Object> keys(Map<String, Object> given, Map<String, String> keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        given.forEach((option, value) -> m.put(keys.get(option), value));
        return m;
    }

    /** {@code given} as command-line arguments ({@code --steps 20 ...}); a true flag is its name alone. */
    public static List<String> argsOf(Map<String, Object> given) {
        List<String> args = new ArrayList<>();
        given.forEach((option, value) -> {
            args.add(option);
            if (!(value instanceof Boolean)) {
                args.add(String.valueOf(value));
            }
        });
        return args;
    }

    static void putIfGiven(Map<String, Object> m, String option, Object value) {
        if (value != null) {
            m.put(option, value instanceof java.nio.file.Path p ? p.toString() : value);
        }
    }
}
