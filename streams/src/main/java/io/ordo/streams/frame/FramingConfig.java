package io.ordo.streams.frame;

/**
 * Line framing options.
 *
 * @param maxLineBytes       longest accepted line in bytes, terminator excluded; longer lines are
 *                           skipped (never buffered beyond this) and counted as OVERLONG
 * @param truncatedTailIsBad whether bytes after the last newline at end of stream are a
 *                           TRUNCATED record (sockets: the client vanished mid-record) rather than
 *                           a final record (files without a trailing newline)
 */
public record FramingConfig(int maxLineBytes, boolean truncatedTailIsBad) {

    /** Default maximum line: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    public FramingConfig {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1: " + maxLineBytes);
        }
    }

    /** Files: 1 MiB lines, a final unterminated line is a record. */
    public static FramingConfig files() {
        return new FramingConfig(DEFAULT_MAX_LINE_BYTES, false);
    }

    /** Sockets: 1 MiB lines, an unterminated tail is TRUNCATED. */
    public static FramingConfig sockets() {
        return new FramingConfig(DEFAULT_MAX_LINE_BYTES, true);
    }

    /** The same with another maximum line length. */
    public FramingConfig withMaxLineBytes(int max) {
        return new FramingConfig(max, truncatedTailIsBad);
    }
}
