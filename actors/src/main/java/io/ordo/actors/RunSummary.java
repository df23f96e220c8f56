package io.ordo.actors;

/**
 * The end of a run (on one node): last step, its final evaluation (null if none ran here: a launched
 * node whose workers do not hold rank 0 evaluates nothing), restarts, wall time, tokens trained.
 */
public record RunSummary(long steps, EvalResult finalEval, int restarts, double seconds, long tokens) {
}
