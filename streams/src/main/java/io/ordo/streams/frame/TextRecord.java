package io.ordo.streams.frame;

import io.ordo.streams.cursor.Cursor;

/**
 * One well-formed text record that framing emits: a line, or the text field of a JSONL line, with the
 * cursor where it starts. (Not named {@code Record}, which would shadow {@link java.lang.Record}.)
 *
 * @param text       decoded text without the line terminator
 * @param at         cursor of the record start (source, byte offset)
 * @param nextOffset byte offset where the following record of the same source starts (bytes)
 */
public record TextRecord(String text, Cursor at, long nextOffset) implements Framed {

    /** Same position, different text (used by parsers that extract a field). */
    public TextRecord withText(String newText) {
        return new TextRecord(newText, at, nextOffset);
    }
}
