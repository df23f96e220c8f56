package io.ordo.streams.tokenize;

import io.ordo.streams.cursor.Cursor;

/**
 * A tokenized task example: prompt tokens then target tokens; the loss applies to the target only.
 *
 * @param tokens      prompt then target token ids
 * @param targetStart index of the first target token in {@code tokens}
 * @param at          cursor of this example (generator id, index)
 */
public record TaskTokens(int[] tokens, int targetStart, Cursor at) {

    /** Target length in tokens. */
    public int targetLength() {
        return tokens.length - targetStart;
    }

    /** Cursor of the following example. */
    public Cursor next() {
        return Cursor.at(at.source(), at.offset() + 1);
    }
}
