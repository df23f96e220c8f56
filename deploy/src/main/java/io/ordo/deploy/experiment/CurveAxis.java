package io.ordo.deploy.experiment;

import io.ordo.actors.report.EvalResult;

/** The x axis of a {@link CurvePlot}: optimizer steps, or training samples seen (steps x batch). */
public enum CurveAxis {
    STEPS("step"),
    SAMPLES("training samples seen");

    private final String title;

    CurveAxis(String title) {
        this.title = title;
    }

    /** The axis title. */
    public String title() {
        return title;
    }

    /** Where evaluation {@code e} of a run with {@code batch} sequences per step sits on this axis. */
    public double of(EvalResult e, int batch) {
        return this == STEPS ? e.step() : (double) e.step() * batch;
    }
}
