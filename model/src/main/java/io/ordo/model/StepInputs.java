package io.ordo.model;

import io.ordo.core.batch.TokenBatch;

/**
 * Per-batch index arrays derived from a {@link TokenBatch}, reused across steps: input ids, and for
 * each target offset i (token t + i) the target ids, which rows count, and how many do. Loading the
 * batch that is already loaded does nothing (a step counts its targets, then runs, on one batch;
 * batches are not changed once built).
 */
final class StepInputs {
    /** The batch the arrays hold, or null. */
    private TokenBatch loaded;
    private Objective loadedFor;
    private int rows;
    private int seqLen;
    private int[] ids = new int[0];
    private int[][] targets = new int[0][];
    private boolean[][] active = new boolean[0][];
    private int[] activeCount = new int[0];

    void load(TokenBatch batch, Objective objective) {
        if (batch == loaded && objective == loadedFor) {
            return;
        }
        int maxOffset = objective.mtpTokens();
        if (batch.lookahead() < maxOffset) {
            throw new IllegalArgumentException("objective " + objective + " needs lookahead >= " + maxOffset
                    + ", batch has " + batch.lookahead());
        }
        if (objective.kind() == Objective.Kind.TOP && batch.top() == null) {
            throw new IllegalArgumentException("objective top needs TOP targets in the batch");
        }
        rows = batch.rows() * batch.seqLen();
        seqLen = batch.seqLen();
        if (ids.length != rows || targets.length != maxOffset + 1) {
            ids = new int[rows];
            targets = new int[maxOffset + 1][rows];
            active = new boolean[maxOffset + 1][rows];
            activeCount = new int[maxOffset + 1];
        }
        for (int b = 0; b < batch.rows(); b++) {
            for (int t = 0; t < seqLen; t++) {
                ids[b * seqLen + t] = batch.token(b, t);
            }
        }
        for (int off = 1; off <= maxOffset; off++) {
            int count = 0;
            for (int b = 0; b < batch.rows(); b++) {
                for (int t = 0; t < seqLen; t++) {
                    int r = b * seqLen + t;
                    targets[off][r] = batch.token(b, t + off);
                    boolean on = batch.isTarget(b, t + off);
                    active[off][r] = on;
                    count += on ? 1 : 0;
                }
            }
            activeCount[off] = count;
        }
        loaded = batch;
        loadedFor = objective;
    }

    int rows() {
        return rows;
    }

    int seqLen() {
        return seqLen;
    }

    int[] ids() {
        return ids;
    }

    int[] targets(int offset) {
        return targets[offset];
    }

    boolean[] active(int offset) {
        return active[offset];
    }

    int activeCount(int offset) {
        return activeCount[offset];
    }
}
