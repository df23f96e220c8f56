package io.ordo.streams.spool;

import java.util.Objects;

/**
 * Shape and limits of a {@link Spool}.
 *
 * @param lanes          number of lanes ({@code lane-<i>/} directories); fixed when the spool is
 *                       created, a reopen with another value uses the stored one
 * @param segmentBytes   a lane rolls to a new segment file when the next batch would make the
 *                       current one larger than this (bytes); a batch is never split, so one
 *                       larger batch makes one larger segment
 * @param capBytes       most bytes the undeleted segments of all lanes may hold; an append that
 *                       would pass it is refused whole ({@link AppendResult.SpoolFull}); at least
 *                       {@code 2 * segmentBytes}, so that deleting every segment but the active ones
 *                       leaves room
 * @param fsync          durability of an acknowledged append
 * @param maxRecordBytes longest record payload (bytes); longer ones are refused
 */
public record SpoolConfig(int lanes, long segmentBytes, long capBytes, FsyncPolicy fsync, int maxRecordBytes) {

    /** Default lanes: 1. */
    public static final int DEFAULT_LANES = 1;
    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Default cap: 8 GiB. */
    public static final long DEFAULT_CAP_BYTES = 8L << 30;
    /** Default record limit: 1 MiB, the same as the line framing's. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    public SpoolConfig {
        Objects.requireNonNull(fsync, "fsync");
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be >= 1: " + lanes);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("maxRecordBytes must be >= 1: " + maxRecordBytes);
        }
        if (segmentBytes < SpoolFrame.HEADER_BYTES + (long) maxRecordBytes) {
            throw new IllegalArgumentException("segmentBytes " + segmentBytes + " must hold one record of maxRecordBytes "
                    + maxRecordBytes + " plus its " + SpoolFrame.HEADER_BYTES + "-byte header");
        }
        if (capBytes < 2 * segmentBytes) {
            throw new IllegalArgumentException("capBytes " + capBytes + " must be >= 2 * segmentBytes " + segmentBytes);
        }
    }

    /** The defaults: 1 lane, 64 MiB segments, 8 GiB cap, fsync ALWAYS, 1 MiB records. */
    public static SpoolConfig defaults() {
        return new SpoolConfig(DEFAULT_LANES, DEFAULT_SEGMENT_BYTES, DEFAULT_CAP_BYTES, FsyncPolicy.ALWAYS,
                DEFAULT_MAX_RECORD_BYTES);
    }

    /** The same with another lane count. */
    public SpoolConfig withLanes(int n) {
        return new SpoolConfig(n, segmentBytes, capBytes, fsync, maxRecordBytes);
    }
}
