package io.ordo.streams.batch;

import io.ordo.core.batch.Shard;
import io.ordo.core.batch.TokenBatch;
import io.ordo.core.top.TopTargetBuilder;
import io.ordo.core.top.TopTargets;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.pack.PackedRow;
import java.util.Arrays;
import java.util.List;

/**
 * Turns packed rows into one {@link Batch}: copies tokens and masks into (rows, T + lookahead)
 * arrays and builds the sparse TOP targets for the rows*T input positions. The row count is the
 * global batch size B, or a {@link Shard}'s share of it, or any other (e.g. a last, smaller
 * evaluation batch); {@link BatchConfig} gives only the row shape and targets. A fresh TokenBatch
 * per batch (batches are handed to another thread); the TOP builder is reused. Not thread-safe.
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

    /** The batch of {@code rows} (at least one, each of width T + lookahead), positioned by its rows. */
    public Batch assemble(List<PackedRow> rows) {
        requireRows(rows);
        return assemble(rows, rows.get(0).start(), rows.get(rows.size() - 1).next());
    }

    /**
     * The batch of {@code rows} (at least one, each of width T + lookahead) at the given position:
     * for a shard's rows, that of the whole global batch.
     *
     * @param start  cursor of the global batch's first row
     * @param cursor resume point after the global batch
     */
    public Batch assemble(List<PackedRow> rows, Cursor start, Cursor cursor) {
        requireRows(rows);
        int b = rows.size();
        int w = config.width();
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
                        Arrays.fill(mask, q * w, (q + 1) * w, true);
                    }
                }
                System.arraycopy(row.targetMask(), 0, mask, r * w, w);
            } else if (mask != null) {
                Arrays.fill(mask, r * w, (r + 1) * w, true);
            }
        }
        TopTargets targets = null;
        if (top != null) {
            targets = new TopTargets(b * config.seqLen(), config.topK());
            for (int r = 0; r < b; r++) {
                top.build(tokens, mask, r * w, w, config.seqLen(), targets, r * config.seqLen());
            }
        }
        TokenBatch tb = new TokenBatch(b, config.seqLen(), config.lookahead(), tokens, mask, targets);
        return new Batch(index++, tb, start, cursor);
    }

    private static void requireRows(List<PackedRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one row");
        }
    }
}
