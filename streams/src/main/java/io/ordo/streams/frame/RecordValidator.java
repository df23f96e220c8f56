package io.ordo.streams.frame;

import io.ordo.streams.cursor.Cursor;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decides whether the bytes of one record are acceptable text: non-empty, valid UTF-8, and free of
 * control characters other than tab, CR and form feed (and line feed, where allowed). Shared by
 * {@link LineFramer} (one line, which never holds a line feed) and the Kafka lanes (one message, a
 * document that may span lines), so both reject the same inputs for the same reasons. Not
 * thread-safe (it reuses one decoder); one instance per materialized stream.
 */
public final class RecordValidator {

    private final boolean lineFeedAllowed;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** A validator for lines: a line feed is a control character like any other. */
    public RecordValidator() {
        this(false);
    }

    /** A validator that accepts line feeds inside a record iff {@code lineFeedAllowed} (multi-line documents). */
    public RecordValidator(boolean lineFeedAllowed) {
        this.lineFeedAllowed = lineFeedAllowed;
    }

    /**
     * A {@link TextRecord} of {@code bytes[from .. from+n)} at {@code at}, or a {@link Rejected} one with
     * reason {@link BadInputReason#EMPTY}, {@link BadInputReason#MALFORMED_UTF8} or
     * {@link BadInputReason#BINARY}.
     *
     * @param length the record's length in its source (bytes), reported by a rejection
     * @param next   offset of the following record, the record's {@code nextOffset}
     */
    public Framed validate(byte[] bytes, int from, int n, Cursor at, long length, long next) {
        if (n == 0) {
            return new Rejected(BadInputReason.EMPTY, at, length, "");
        }
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(bytes, from, n)).toString();
        } catch (CharacterCodingException e) {
            return new Rejected(BadInputReason.MALFORMED_UTF8, at, length, Rejected.preview(bytes, from, n));
        }
        if (isBinary(text, lineFeedAllowed)) {
            return new Rejected(BadInputReason.BINARY, at, length, Rejected.preview(bytes, from, n));
        }
        return new TextRecord(text, at, next);
    }

    /** True if the text holds control characters other than tab, CR and form feed (and line feed if allowed). */
    public static boolean isBinary(CharSequence s, boolean lineFeedAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' && lineFeedAllowed) {
                continue;
            }
            if ((c < 0x20 && c != '\t' && c != '\r' && c != '\f') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }
}
