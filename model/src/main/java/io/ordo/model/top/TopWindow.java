package io.ordo.model.top;

/**
 * Which upcoming distances d (d = 1 for x[t+1]) a TOP window of size W admits.
 *
 * <p>The two TOP implementations by Zuhri et al. (2025) disagree at the far edge of the window.
 * Either way x[t] itself counts when it recurs among the upcoming tokens, as in the official code.
 */
public enum TopWindow {
    /** {@code 1 <= d <= W}: the naive PyTorch reference and the official training code (default). */
    INCLUSIVE,
    /** {@code 1 <= d < W}: the Triton kernel's convention; W = 1 gives empty targets. */
    EXCLUSIVE;

    /** The convention used when none is configured. */
    public static final TopWindow DEFAULT = INCLUSIVE;

    /** The largest admitted distance for a window of size {@code window}. */
    public int maxDistance(int window) {
        return this == INCLUSIVE ? window : window - 1;
    }
}
