package io.ordo.streams.batch;

import io.ordo.core.batch.Shard;
import io.ordo.core.batch.TokenBatch;
import io.ordo.streams.cursor.Cursor;
import java.util.Map;

/**
 * A training batch with its data position. With a {@link Shard}, {@code batch} holds only the
 * rank's rows, but index and cursors are those of the global batch: the same on every rank and
 * for every world size.
 *
 * @param index  0-based (global) batch number since the stream (re)started
 * @param batch  B rows (or a shard's share of them) of T + lookahead tokens, masks and sparse TOP targets
 * @param start  cursor of the first token of the global batch's first row
 * @param cursor resume point: restarting the pipeline here (with any world size) yields exactly the
 *               global batches after this one; null for live sources, which use {@code lanes}
 * @param lanes  live sources only: the position of each lane this rank reads after this batch
 *               (see {@link io.ordo.streams.live.Lane}); empty otherwise
 */
public record Batch(long index, TokenBatch batch, Cursor start, Cursor cursor, Map<String, Cursor> lanes) {

    public Batch {
        lanes = Map.copyOf(lanes);
    }

    /** A batch of a replayable source, positioned by its cursor alone. */
    public Batch(long index, TokenBatch batch, Cursor start, Cursor cursor) {
        this(index, batch, start, cursor, Map.of());
    }
}
