package io.ordo.deploy.experiment;

import io.ordo.actors.report.EvalResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run's learning curve for {@link CurvePlot}: its held-out evaluations by step. Curves with
 * the same label are averaged (seeds of one arm).
 *
 * @param label the line's name in the legend
 * @param batch sequences per step (for a samples axis)
 * @param evals the evaluations, by step
 */
public record Curve(String label, int batch, List<EvalResult> evals) {

    public Curve {
        evals = List.copyOf(evals);
    }

    /**
     * {@code evals} (in the order they were made) with one evaluation per step, by step: a run
     * resumed from a checkpoint or restarted evaluates some steps again, and the later evaluation wins.
     */
    static List<EvalResult> latestPerStep(List<EvalResult> evals) {
        Map<Long, EvalResult> byStep = new TreeMap<>();
        evals.forEach(e -> byStep.put(e.step(), e));
        return List.copyOf(byStep.values());
    }
}
