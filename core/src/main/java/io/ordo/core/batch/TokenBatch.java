package io.ordo.core.batch;

import io.ordo.core.top.TopTargets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One training batch as the model consumes it: {@code rows} token rows of {@code seqLen} inputs
 * plus {@code lookahead} further tokens per row (the real upcoming text that NTP, MTP and TOP
 * targets are read from).
 *
 * <p>Targets are derived, not stored: the NTP target of input position t is token t+1, MTP head i
 * predicts token t+i, TOP row t ranks tokens t+1..t+W. So {@code lookahead} must be at least 1 for
 * NTP, n for MTP-n; TOP targets come precomputed (sparse) because building them belongs in the
 * data pipeline, not on the trainer's thread.
 *
 * @param rows      batch size B
 * @param seqLen    input positions per row T
 * @param lookahead extra tokens per row after the inputs
 * @param tokens    (B, T + lookahead) token ids, row-major
 * @param targetMask (B, T + lookahead) true where a token is a prediction target (loss is taken on
 *                  predicting it); null means every token is a target (plain text)
 * @param top       sparse TOP targets for the B*T input positions, or null when TOP is not trained
 */
public record TokenBatch(int rows, int seqLen, int lookahead, int[] tokens, boolean[] targetMask, TopTargets top) {

    public TokenBatch {
        if (rows <= 0 || seqLen <= 0 || lookahead < 1) {
            throw new IllegalArgumentException("need rows > 0, seqLen > 0, lookahead >= 1; got " + rows + ", " + seqLen + ", " + lookahead);
        }
        int width = seqLen + lookahead;
        if (tokens.length != rows * width) {
            throw new IllegalArgumentException("tokens has " + tokens.length + " ids, expected rows*(seqLen+lookahead) = " + rows * width);
        }
        if (targetMask != null && targetMask.length != tokens.length) {
            throw new IllegalArgumentException("targetMask has " + targetMask.length + " entries, expected " + tokens.length);
        }
        if (top != null && top.rows() < rows * seqLen) {
            throw new IllegalArgumentException("TOP targets cover " + top.rows() + " rows, expected " + rows * seqLen);
        }
    }

    /** Row width: inputs plus lookahead. */
    public int width() {
        return seqLen + lookahead;
    }

    /** Token at position j (0 <= j < width) of row b. */
    public int token(int b, int j) {
        return tokens[b * width() + j];
    }

    /** Whether token j of row b is a prediction target. */
    public boolean isTarget(int b, int j) {
        return targetMask == null || targetMask[b * width() + j];
    }

    /**
     * Rows [from, from + count) as a batch of their own (copies), for splitting a batch across
     * data-parallel replicas: its tokens, mask and TOP targets are exactly those of the rows.
     */
    public TokenBatch rows(int from, int count) {
        Objects.checkFromIndexSize(from, count, rows);
        int w = width();
        int[] t = Arrays.copyOfRange(tokens, from * w, (from + count) * w);
        boolean[] m = targetMask == null ? null : Arrays.copyOfRange(targetMask, from * w, (from + count) * w);
        TopTargets tt = top == null ? null : top.copyRows(from * seqLen, count * seqLen);
        return new TokenBatch(count, seqLen, lookahead, t, m, tt);
    }

    /** Number of tokens the model reads as input (B * T), the unit of tokens/s. */
    public int inputTokens() {
        return rows * seqLen;
    }
}
