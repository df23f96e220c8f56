package io.ordo.deploy.config;

import com.typesafe.config.Config;

/**
 * Held-out evaluation, from {@code ordo.job.eval}.
 *
 * @param every    steps between evaluations; 0 = only at the end
 * @param examples held-out examples (or text windows) per evaluation
 */
public record EvalSettings(long every, int examples) {
    public static final String EVERY = "eval.every";
    public static final String EXAMPLES = "eval.examples";

    /** Reads the keys of the resolved {@code ordo.job} section {@code c}. */
    public static EvalSettings from(Config c) {
        return new EvalSettings(JobKeys.longAtLeast(c, EVERY, 0), JobKeys.intAtLeast(c, EXAMPLES, 0));
    }
}
