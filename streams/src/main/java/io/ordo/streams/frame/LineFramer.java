package io.ordo.streams.frame;

import io.ordo.streams.cursor.Cursor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a chunked byte stream into newline-terminated records, validating each one. Memory is
 * bounded by {@code maxLineBytes}: an over-long line is skipped up to its terminator, not buffered.
 * Not thread-safe; one instance per materialized stream.
 */
public final class LineFramer {

    private final FramingConfig config;
    private final RecordValidator validator = new RecordValidator();
    private String source;
    private long lineStart;
    private byte[] pending = new byte[256];
    private int pendingLen;
    private long skipped = -1;

    public LineFramer(FramingConfig config) {
        this.config = config;
    }

    /** Records completed by {@code chunk} (a new source first flushes the previous one's tail). */
    public List<Framed> feed(Chunk chunk) {
        List<Framed> out = new ArrayList<>();
        if (source == null || !source.equals(chunk.source())) {
            flushTail(out);
            source = chunk.source();
            lineStart = chunk.offset();
        }
        byte[] b = chunk.bytes().toArrayUnsafe();
        long base = chunk.offset();
        int from = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                emitLine(b, from, i - from, base + i + 1, out);
                from = i + 1;
            }
        }
        append(b, from, b.length - from);
        return out;
    }

    /** Records left at end of stream: the unterminated tail, if any. */
    public List<Framed> finish() {
        List<Framed> out = new ArrayList<>();
        flushTail(out);
        return out;
    }

    private void flushTail(List<Framed> out) {
        if (source == null || (pendingLen == 0 && skipped < 0)) {
            return;
        }
        long end = lineStart + pendingLen + Math.max(skipped, 0);
        if (config.truncatedTailIsBad()) {
            out.add(new Rejected(BadInputReason.TRUNCATED, Cursor.at(source, lineStart), end - lineStart,
                    Rejected.preview(pending, 0, pendingLen)));
            pendingLen = 0;
            skipped = -1;
        } else {
            emitLine(new byte[0], 0, 0, end, out);
        }
    }

    private void append(byte[] b, int from, int len) {
        if (skipped >= 0) {
            skipped += len;
        } else if (pendingLen + len > config.maxLineBytes()) {
            skipped = pendingLen + len;
            pendingLen = 0;
        } else {
            if (pendingLen + len > pending.length) {
                pending = Arrays.copyOf(pending, Math.min(Math.max(2 * pending.length, pendingLen + len),
                        config.maxLineBytes() + 1));
            }
            System.arraycopy(b, from, pending, pendingLen, len);
            pendingLen += len;
        }
    }

    /** Completes the line made of the pending bytes plus {@code b[from .. from+len)}. */
    private void emitLine(byte[] b, int from, int len, long next, List<Framed> out) {
        Cursor at = Cursor.at(source, lineStart);
        long total = next - lineStart;
        if (skipped >= 0 || pendingLen + len > config.maxLineBytes()) {
            out.add(new Rejected(BadInputReason.OVERLONG, at, total, Rejected.preview(pending, 0, pendingLen)));
        } else {
            byte[] line;
            int n;
            if (pendingLen == 0) {
                line = b;
                n = len;
            } else {
                append(b, from, len);
                line = pending;
                from = 0;
                n = pendingLen;
            }
            if (n > 0 && line[from + n - 1] == '\r') {
                n--;
            }
            out.add(validator.validate(line, from, n, at, total, next));
        }
        pendingLen = 0;
        skipped = -1;
        lineStart = next;
    }
}
