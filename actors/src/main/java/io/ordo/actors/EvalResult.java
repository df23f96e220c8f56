package io.ordo.actors;

/**
 * A held-out evaluation at {@code step}: exact-match accuracy of greedy decoding (NaN when the task
 * has no exact-match metric) and the held-out loss per term.
 */
public record EvalResult(long step, double accuracy, double loss, double ntp, double top, double mtp,
                         int examples, double seconds) {
}
