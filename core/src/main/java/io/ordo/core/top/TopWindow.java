package io.ordo.core.top;

/**
 * Which upcoming distances d (d = 1 for x[t+1]) a TOP window of size W admits.
 *
 * <p>The official code of Zuhri et al. (2025) ranks the <em>labels</em> (inputs shifted left by
 * one), so its distance is d - 1: the Triton {@code seq_to_top} that both official training
 * repositories call admits d - 1 &lt; W, i.e. d &lt;= W ({@link #INCLUSIVE}); the naive reference
 * {@code seq_to_top_naive.py} admits d - 1 &lt;= W, i.e. d &lt;= W + 1 ({@link #INCLUSIVE} with
 * window W + 1). Either way x[t] itself counts when it recurs among the upcoming tokens.
 */
public enum TopWindow {
    /** {@code 1 <= d <= W}: the official training code's Triton kernel (default). */
    INCLUSIVE,
    /** {@code 1 <= d < W}: one distance short of the official code; W = 1 gives empty targets. */
    EXCLUSIVE;

    /** The convention used when none is configured. */
    public static final TopWindow DEFAULT = INCLUSIVE;

    /** The largest admitted distance for a window of size {@code window}. */
    public int maxDistance(int window) {
        return this == INCLUSIVE ? window : window - 1;
    }
}
