package io.ordo.streams.batch;

import io.ordo.model.TokenBatch;
import io.ordo.streams.cursor.Cursor;

/**
 * A training batch with its data position.
 *
 * @param index  0-based batch number since the stream (re)started
 * @param batch  B rows of T + lookahead tokens, masks and sparse TOP targets
 * @param start  cursor of the first token of the batch's first row
 * @param cursor resume point: restarting the pipeline here yields exactly the batches after this one
 */
public record Batch(long index, TokenBatch batch, Cursor start, Cursor cursor) {
}
