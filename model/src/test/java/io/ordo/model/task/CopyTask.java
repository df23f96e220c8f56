package io.ordo.model.task;

import io.ordo.core.batch.TokenBatch;
import io.ordo.core.top.TopTargetBuilder;
import io.ordo.core.top.TopTargets;
import io.ordo.model.Objective;
import java.util.SplittableRandom;

/**
 * The copy task of the PyTorch peer: T/2 random tokens from 1..V-1, a separator 0, then the same
 * tokens again (repeating for the lookahead). The T/2 - 1 random tokens after the first are
 * unpredictable, so the NTP loss floor is about (T/2 - 1)/T * ln(V-1) nats per token when every
 * token is a target, and 0 when the target mask covers only the copy (every token after the separator).
 */
public final class CopyTask {
    private final int vocabSize;
    private final int seqLen;
    private final int lookahead;
    private final boolean maskToCopy;
    private final TopTargetBuilder top;
    private final SplittableRandom rng;

    /**
     * @param maskToCopy if true, only the copied tokens (after the separator) are prediction targets
     */
    public CopyTask(int vocabSize, int seqLen, Objective objective, boolean maskToCopy, long seed) {
        if (vocabSize < 2 || seqLen < 2) {
            throw new IllegalArgumentException("copy task needs vocabSize >= 2 and seqLen >= 2");
        }
        this.vocabSize = vocabSize;
        this.seqLen = seqLen;
        this.lookahead = objective.lookahead(seqLen);
        this.maskToCopy = maskToCopy;
        this.top = objective.kind() == Objective.Kind.TOP
                ? new TopTargetBuilder(objective.topWindow(seqLen), objective.topK(), objective.topConvention()) : null;
        this.rng = new SplittableRandom(seed);
    }

    /** A fresh batch of {@code rows} sequences. */
    public TokenBatch next(int rows) {
        int width = seqLen + lookahead;
        int half = seqLen / 2;
        int[] tokens = new int[rows * width];
        boolean[] mask = maskToCopy ? new boolean[tokens.length] : null;
        for (int b = 0; b < rows; b++) {
            int base = b * width;
            for (int j = 0; j < half; j++) {
                tokens[base + j] = 1 + rng.nextInt(vocabSize - 1);
            }
            for (int j = half + 1; j < width; j++) {
                tokens[base + j] = tokens[base + (j - half - 1) % half];
                if (mask != null) {
                    mask[base + j] = true;
                }
            }
        }
        TopTargets targets = null;
        if (top != null) {
            targets = new TopTargets(rows * seqLen, top.k());
            for (int b = 0; b < rows; b++) {
                top.build(tokens, b * width, width, seqLen, targets, b * seqLen);
            }
        }
        return new TokenBatch(rows, seqLen, lookahead, tokens, mask, targets);
    }
}
