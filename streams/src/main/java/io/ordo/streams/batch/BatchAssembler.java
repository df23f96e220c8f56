package io.ordo.streams.batch;

import io.ordo.model.TokenBatch;
import io.ordo.model.top.TopTargetBuilder;
import io.ordo.model.top.TopTargets;
import io.ordo.streams.pack.PackedRow;
import java.util.List;

/**
 * Turns B packed rows into one {@link Batch}: copies tokens and masks into (B, T + lookahead)
 * arrays and builds the sparse TOP targets for the B*T input positions. A fresh TokenBatch per
 * batch (batches are handed to another thread); the TOP builder is reused. Not thread-safe.
 */
public final class BatchAssembler {

    private final BatchConfig config;
    private final TopTargetBuilder top;
    private long index;

    public BatchAssembler(BatchConfig config) {
        this.config = config;
        this.top = config.topWindow() > 0
                ? new TopTargetBuilder(config.topWindow(), config.topK(), config.convention()) : null;
    }

    /** The batch of {@code rows} (exactly B of them, each of width T + lookahead). */
    public Batch assemble(List<PackedRow> rows) {
        int b = config.rows();
        int w = config.width();
        if (rows.size() != b) {
            throw new IllegalArgumentException("need " + b + " rows, got " + rows.size());
        }
        int[] tokens = new int[b * w];
        boolean[] mask = null;
        for (int r = 0; r < b; r++) {
            PackedRow row = rows.get(r);
            if (row.tokens().length != w) {
                throw new IllegalArgumentException("row width " + row.tokens().length + " != T+lookahead " + w);
            }
            System.arraycopy(row.tokens(), 0, tokens, r * w, w);
            if (row.targetMask() != null) {
                if (mask == null) {
                    mask = new boolean[b * w];
                    for (int q = 0; q < r; q++) {
                        java.util.Arrays.fill(mask, q * w, (q + 1) * w, true);
                    }
                }
                System.arraycopy(row.targetMask(), 0, mask, r * w, w);
            } else if (mask != null) {
                java.util.Arrays.fill(mask, r * w, (r + 1) * w, true);
            }
        }
        TopTargets targets = null;
        if (top != null) {
            targets = new TopTargets(b * config.seqLen(), config.topK());
            for (int r = 0; r < b; r++) {
                top.build(tokens, r * w, w, config.seqLen(), targets, r * config.seqLen());
            }
        }
        TokenBatch tb = new TokenBatch(b, config.seqLen(), config.lookahead(), tokens, mask, targets);
        return new Batch(index++, tb, rows.get(0).start(), rows.get(b - 1).next());
    }
}
