package io.ordo.streams.frame;

import io.ordo.streams.cursor.Cursor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of one record (terminator already removed) into a {@link Record}, or a
 * {@link Rejected} one: EMPTY, MALFORMED_UTF8 or BINARY (control characters other than tab, CR
 * and form feed). Shared by {@link LineFramer} and the spool's lane readers so that both reject
 * the same inputs for the same reasons. Not thread-safe (it holds a decoder); one per stream.
 */
public final class RecordText {

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * @param bytes holds the record in {@code [from, from + n)}
     * @param at    the record's position
     * @param total the record's length in its source, framing included (bytes)
     * @param next  the offset of the record after it
     */
    public Framed check(byte[] bytes, int from, int n, Cursor at, long total, long next) {
        if (n == 0) {
            return new Rejected(BadInputReason.EMPTY, at, total, "");
        }
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(bytes, from, n)).toString();
        } catch (CharacterCodingException e) {
            return new Rejected(BadInputReason.MALFORMED_UTF8, at, total, Rejected.preview(bytes, from, n));
        }
        if (isBinary(text)) {
            return new Rejected(BadInputReason.BINARY, at, total, Rejected.preview(bytes, from, n));
        }
        return new Record(text, at, next);
    }

    /** True if the text holds control characters other than tab, CR and form feed. */
    public static boolean isBinary(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
