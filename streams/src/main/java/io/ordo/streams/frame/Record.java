package io.ordo.streams.frame;

import io.ordo.streams.cursor.Cursor;

/**
 * One well-formed record (a line, or the text field of a JSONL line).
 *
 * @param text       decoded text without the line terminator
 * @param at         cursor of the record start (source, byte offset)
 * @param nextOffset byte offset where the following record of the same source starts (bytes)
 */
public record Record(String text, Cursor at, long nextOffset) implements Framed {

    /** Same position, different text (used by parsers that extract a field). */
    public Record withText(String newText) {
        return new Record(newText, at, nextOffset);
    }
}
