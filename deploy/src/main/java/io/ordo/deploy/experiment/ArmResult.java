package io.ordo.deploy.experiment;

import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.RunSummary;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One finished arm at one seed: its evaluations in step order and the run's summary ({@link
 * ArmResultFile} keeps it in the arm's directory).
 *
 * @param arm         the arm's name
 * @param seed        model and data seed
 * @param curve       every held-out evaluation, by step
 * @param summary     the run's end (its final evaluation is the last of {@code curve})
 * @param dir         the arm's run directory
 * @param wallSeconds the arm's wall time, actor system start to stop (summed over its runs when it was
 *                    resumed: a run cut off counts up to its last checkpoint)
 * @param workers     data-parallel trainers the arm ran on ({@code ordo.job.parallel.workers} resolved)
 * @param extras      further named results of the arm (an {@link ArmProbe}'s), in column order
 * @param resumedFrom the checkpoint steps the arm resumed from after interruptions, in order (empty
 *                    when it trained in one go)
 */
public record ArmResult(String arm, long seed, List<EvalResult> curve, RunSummary summary, Path dir,
                        double wallSeconds, int workers, Map<String, Double> extras, List<Long> resumedFrom) {

    public ArmResult {
        extras = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
        resumedFrom = List.copyOf(resumedFrom);
        curve = curve.stream().sorted(Comparator.comparingLong(EvalResult::step)).toList();
        if (curve.isEmpty()) {
            throw new IllegalArgumentException("arm " + arm + " seed " + seed + " finished without an evaluation");
        }
    }

    /** Whether the metric is perplexity (text, lower is better) rather than exact match (higher is better). */
    public boolean isText() {
        return last().isText();
    }

    /** The metric of one evaluation: exact-match accuracy in [0, 1], or perplexity. */
    public static double metric(EvalResult r) {
        return r.isText() ? r.perplexity() : r.accuracy();
    }

    /** The last evaluation (at the last step). */
    public EvalResult last() {
        return curve.get(curve.size() - 1);
    }

    /** The best evaluation over training: highest accuracy or lowest perplexity (earliest on ties). */
    public EvalResult best() {
        Comparator<EvalResult> byMetric = Comparator.comparingDouble(ArmResult::metric);
        return curve.stream().reduce((a, b) -> {
            int c = byMetric.compare(b, a);
            return (isText() ? c < 0 : c > 0) ? b : a;
        }).orElseThrow();
    }
}
