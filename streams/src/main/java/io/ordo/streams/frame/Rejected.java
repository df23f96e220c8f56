package io.ordo.streams.frame;

import io.ordo.streams.cursor.Cursor;

/**
 * A record that was not accepted, with enough context to find it again.
 *
 * @param reason  why it was rejected
 * @param at      cursor of the record start (source, byte offset)
 * @param length  its length in bytes (for {@link BadInputReason#OVERLONG}: bytes skipped)
 * @param preview at most {@link #PREVIEW_CHARS} characters of it, non-printables escaped
 */
public record Rejected(BadInputReason reason, Cursor at, long length, String preview) implements Framed {

    /** Longest preview kept. */
    public static final int PREVIEW_CHARS = 80;

    /** A printable preview of {@code bytes[off .. off+len)}. */
    public static String preview(byte[] bytes, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len && sb.length() < PREVIEW_CHARS; i++) {
            int b = bytes[off + i] & 0xFF;
            if (b >= 0x20 && b < 0x7F) {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.toString();
    }
}
