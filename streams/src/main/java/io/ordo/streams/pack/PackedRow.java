package io.ordo.streams.pack;

import io.ordo.streams.cursor.Cursor;

/**
 * One training row of {@code T + lookahead} tokens: input positions 0..T-1, and the lookahead
 * tokens that the targets of the last inputs need (NTP: 1, MTP-n: n, TOP: W).
 *
 * @param tokens     token ids, length T + lookahead
 * @param targetMask same length; true where that token is a prediction target; null = all are
 * @param start      cursor of {@code tokens[0]}
 * @param next       cursor of the first token of the next row (the resume point after this row)
 */
public record PackedRow(int[] tokens, boolean[] targetMask, Cursor start, Cursor next) {
}
