package io.ordo.actors;

import java.util.Map;

/**
 * The end of a run (on one node): last step, its final evaluation (null if none ran here: a launched
 * node whose workers do not hold rank 0 evaluates nothing), restarts, wall time, tokens trained, and
 * the bad input records skipped on this node, by reason (only reasons that occurred).
 */
public record RunSummary(long steps, EvalResult finalEval, int restarts, double seconds, long tokens,
                         Map<String, Long> badInput) {

    public RunSummary {
        badInput = Map.copyOf(badInput);
    }

    /** A summary without bad input. */
    public RunSummary(long steps, EvalResult finalEval, int restarts, double seconds, long tokens) {
        this(steps, finalEval, restarts, seconds, tokens, Map.of());
    }

    /** "" without bad input, else e.g. {@code "; skipped 7 bad records (empty 5, malformed_utf8 2)"}. */
    public String describeBadInput() {
        if (badInput.isEmpty()) {
            return "";
        }
        long total = badInput.values().stream().mapToLong(Long::longValue).sum();
        return "; skipped " + total + " bad record(s) (" + new java.util.TreeMap<>(badInput).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")) + ")";
    }
}
