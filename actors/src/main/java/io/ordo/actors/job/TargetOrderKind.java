package io.ordo.actors.job;

import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.MiEstimator;
import io.ordo.streams.mi.TargetOrder;
import io.ordo.streams.tokenize.Tokenizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How target tokens are ordered for training: natural, reversed, random, or greedy max-MI. */
public enum TargetOrderKind {
    NATURAL, REVERSE, RANDOM, MI;

    /** Training examples the MI estimator counts co-occurrences over. */
    public static final int MI_SAMPLE = 20_000;

    public static TargetOrderKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown target order '" + s + "'; allowed: "
                    + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    /** The order for a task whose targets have {@code targetLength} tokens; null for natural. */
    public TargetOrder build(TaskGenerator train, Tokenizer tokenizer, int targetLength, long seed) {
        return switch (this) {
            case NATURAL -> null;
            case REVERSE -> TargetOrder.reversed(targetLength);
            case RANDOM -> TargetOrder.random(targetLength, seed);
            case MI -> MiEstimator.of(TaskSamples.first(train, tokenizer, MI_SAMPLE), 1).greedyOrder();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
