package io.ordo.streams.batch;

import io.ordo.core.batch.Shard;
import io.ordo.core.top.TopWindow;

/**
 * Batch shape and target options.
 *
 * @param rows       B, rows per global batch (a data-parallel rank assembles its {@link Shard}'s share of them)
 * @param seqLen     T, input positions per row
 * @param lookahead  tokens after the inputs: max(1, W for TOP, n for MTP-n)
 * @param topWindow  W for TOP targets, or 0 for none
 * @param topK       nearest distinct tokens kept per TOP row (32 is exact to float precision)
 * @param convention TOP window convention
 */
public record BatchConfig(int rows, int seqLen, int lookahead, int topWindow, int topK, TopWindow convention) {

    /** Default TOP k. */
    public static final int DEFAULT_TOP_K = 32;

    public BatchConfig {
        if (rows < 1 || seqLen < 1 || lookahead < 1) {
            throw new IllegalArgumentException("need rows, seqLen, lookahead >= 1: " + rows + ", " + seqLen + ", " + lookahead);
        }
        if (topWindow < 0 || topWindow > lookahead) {
            throw new IllegalArgumentException("topWindow must be in [0, lookahead=" + lookahead + "]: " + topWindow);
        }
    }

    /** NTP only (lookahead 1, no TOP). */
    public static BatchConfig ntp(int rows, int seqLen) {
        return new BatchConfig(rows, seqLen, 1, 0, DEFAULT_TOP_K, TopWindow.DEFAULT);
    }

    /** MTP with n heads: lookahead n, no TOP. */
    public static BatchConfig mtp(int rows, int seqLen, int heads) {
        return new BatchConfig(rows, seqLen, Math.max(1, heads), 0, DEFAULT_TOP_K, TopWindow.DEFAULT);
    }

    /** TOP with window W (lookahead W), k = 32, inclusive window. */
    public static BatchConfig top(int rows, int seqLen, int window) {
        return new BatchConfig(rows, seqLen, window, window, DEFAULT_TOP_K, TopWindow.DEFAULT);
    }

    /** Row width T + lookahead. */
    public int width() {
        return seqLen + lookahead;
    }
}
