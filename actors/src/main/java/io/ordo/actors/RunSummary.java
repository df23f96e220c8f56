package io.ordo.actors;

/** The end of a run: last step, its final evaluation (null if none ran), restarts, wall time. */
public record RunSummary(long steps, EvalResult finalEval, int restarts, double seconds, long tokens) {
}
