package io.ordo.actors.report;

import java.util.Map;
import java.util.Optional;

/**
 * The end of a run (on one node): last step, its final evaluation (null if none ran here: a launched
 * node whose workers do not hold rank 0 evaluates nothing), restarts, wall time, tokens trained, the
 * bad input records skipped on this node, by reason (only reasons that occurred), and why the last
 * step's checkpoint is not on disk (null when it is, or when this node does not write checkpoints).
 */
public record RunSummary(long steps, EvalResult finalEval, int restarts, double seconds, long tokens,
                         Map<String, Long> badInput, CheckpointFailure finalCheckpointFailure) {

    public RunSummary {
        badInput = Map.copyOf(badInput);
    }

    /** A summary whose final checkpoint, if this node writes one, is on disk. */
    public RunSummary(long steps, EvalResult finalEval, int restarts, double seconds, long tokens,
                      Map<String, Long> badInput) {
        this(steps, finalEval, restarts, seconds, tokens, badInput, null);
    }

    /** A summary without bad input. */
    public RunSummary(long steps, EvalResult finalEval, int restarts, double seconds, long tokens) {
        this(steps, finalEval, restarts, seconds, tokens, Map.of());
    }

    /**
     * Empty when the run's result is durable, else one line naming the checkpoint directory and the
     * error, e.g. {@code "the final checkpoint (step 20) was not written to /run/checkpoints: No space
     * left on device; the newest checkpoint on disk is step 15"}.
     */
    public Optional<String> notDurable() {
        CheckpointFailure f = finalCheckpointFailure;
        return f == null ? Optional.empty() : Optional.of("the final checkpoint (step " + f.step()
                + ") was not written to " + f.dir() + ": " + f.error() + "; the newest checkpoint on disk is "
                + (f.lastGoodStep() < 0 ? "none" : "step " + f.lastGoodStep()));
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
