package io.ordo.deploy.experiment;

import io.ordo.actors.EvalResult;
import java.util.List;

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
}
