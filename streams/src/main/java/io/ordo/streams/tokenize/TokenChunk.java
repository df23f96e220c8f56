package io.ordo.streams.tokenize;

import io.ordo.streams.cursor.Cursor;

/**
 * The tokens of one text record.
 *
 * @param tokens     token ids, including the record separator appended after the text
 * @param at         cursor of the first token: the record start plus {@code tokenSkip} tokens
 *                   already consumed before (non-zero only for the first record after a resume)
 * @param nextOffset byte offset of the following record in the same source (bytes)
 */
public record TokenChunk(int[] tokens, Cursor at, long nextOffset) {
}
