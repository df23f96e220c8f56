package io.ordo.streams.frame;

/** Why a record was rejected; each is counted separately by {@link BadInputCounters}. */
public enum BadInputReason {
    /** Bytes that are not valid UTF-8. */
    MALFORMED_UTF8,
    /** Valid UTF-8 containing NUL or other control characters (binary data). */
    BINARY,
    /** A line with no content (after stripping a trailing CR). */
    EMPTY,
    /** A line longer than the configured maximum; skipped up to its terminator. */
    OVERLONG,
    /** A JSONL line that is not a JSON object with the expected text field. */
    UNPARSABLE,
    /** The connection or stream ended in the middle of a record (no terminator). */
    TRUNCATED,
    /** A tokenized example longer than the packed row. */
    TOO_LONG_FOR_ROW
}
