package io.ordo.streams.spool;

import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.RecordValidator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one lane's frames from a position on, across segments, up to the lane's published end,
 * then waits for more. Each {@link #read} returns at most {@code maxFrames} frames, or none after
 * waiting {@code pollMillis} for an append (an idle tick), so the stream stays responsive to
 * cancellation and never reads ahead of demand by more than one batch. Not thread-safe.
 */
final class LaneReader implements AutoCloseable {

    private static final int CHUNK = 256 * 1024;

    private final LaneLog log;
    private final String key;
    private final int maxFrames;
    private final long pollMillis;
    private final RecordValidator text = new RecordValidator();
    private long position;
    private long segmentStart = -1;
    private FileChannel segment;
    private SegmentBuffer in;

    /** A {@code from} meaning the lane's first retained record. */
    static final long FIRST_RETAINED = -1;

    /** @param from a position of this lane, or {@link #FIRST_RETAINED} */
    LaneReader(LaneLog log, String key, long from, int maxFrames, long pollMillis) {
        this.log = log;
        this.key = key;
        this.maxFrames = maxFrames;
        this.pollMillis = pollMillis;
        if (from > log.published()) {
            throw new IllegalArgumentException(key + ": position " + from + " is past the lane's end "
                    + log.published() + " (a checkpoint from another spool, or records lost in a machine crash "
                    + "under fsync NONE)");
        }
        if (from != FIRST_RETAINED && from < log.firstPosition()) {
            throw new IllegalStateException(key + ": position " + from + " was deleted (the lane now starts at "
                    + log.firstPosition() + "): its records were released for a newer checkpoint than the one resumed");
        }
        this.position = from == FIRST_RETAINED ? log.firstPosition() : from;
    }

    /** The next frames (possibly none, after an idle wait). */
    List<Framed> read() throws IOException, InterruptedException {
        long end = log.published();
        if (position >= end) {
            log.awaitBeyond(position, pollMillis);
            end = log.published();
            if (position >= end) {
                return List.of();
            }
        }
        List<Framed> out = new ArrayList<>(Math.min(maxFrames, 64));
        while (out.size() < maxFrames && position < end) {
            out.add(next(end));
        }
        return out;
    }

    private Framed next(long end) throws IOException {
        long segEnd = Math.min(end, openSegmentFor(position));
        long off = position - segmentStart;
        long fileEnd = segEnd - segmentStart;
        if (off + SpoolFrame.HEADER_BYTES > fileEnd) {
            throw corrupt("a frame header runs past the segment's end " + segEnd);
        }
        ByteBuffer h = in.bytes(off, SpoolFrame.HEADER_BYTES, fileEnd);
        int len = h.getInt();
        int crc = h.getInt();
        if (len < 1 || off + SpoolFrame.HEADER_BYTES + len > fileEnd) {
            throw corrupt("bad frame length " + len);
        }
        ByteBuffer p = in.bytes(off + SpoolFrame.HEADER_BYTES, len, fileEnd);
        byte[] a = p.array();
        int from = p.arrayOffset() + p.position();
        if (SpoolFrame.crc(a, from, len) != crc) {
            throw corrupt("CRC mismatch in a frame of " + len + " bytes");
        }
        long next = position + SpoolFrame.HEADER_BYTES + len;
        Framed f = text.validate(a, from, len, Cursor.at(key, position), SpoolFrame.HEADER_BYTES + len, next);
        position = next;
        return f;
    }

    /** Opens the segment holding {@code at} if it is not the open one; returns the segment's end bound. */
    private long openSegmentFor(long at) throws IOException {
        long nextStart = segment == null ? -1 : log.nextSegmentStart(segmentStart);
        if (segment == null || at >= nextStart) {
            closeSegment();
            Map.Entry<Long, Path> e = log.segmentAt(at);
            if (e == null) {
                throw new CorruptSpoolException(key + ": position " + at + " lies in a deleted segment");
            }
            try {
                segment = FileChannel.open(e.getValue(), StandardOpenOption.READ);
            } catch (NoSuchFileException gone) {
                throw new CorruptSpoolException(key + ": segment " + e.getValue() + " was deleted while read");
            }
            segmentStart = e.getKey();
            in = new SegmentBuffer(segment, CHUNK);
            nextStart = log.nextSegmentStart(segmentStart);
        }
        return nextStart;
    }

    private CorruptSpoolException corrupt(String what) {
        return new CorruptSpoolException(key + " at position " + position + ": " + what);
    }

    private void closeSegment() throws IOException {
        if (segment != null) {
            segment.close();
            segment = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeSegment();
    }
}
