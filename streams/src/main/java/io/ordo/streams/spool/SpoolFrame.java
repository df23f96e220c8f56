package io.ordo.streams.spool;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The on-disk frame of one record and the naming of segment files.
 *
 * <pre>
 * frame    length i32 | crc i32 | payload (length bytes)     little-endian; 1 &lt;= length
 *          crc = CRC32C of the payload
 * segment  lane-&lt;i&gt;/&lt;start&gt;.seg, start = lane position of its first frame, 20 digits, zero-padded;
 *          frames back to back, no header; the next segment starts where this one ends
 * </pre>
 * A record's lane position is its segment's start plus the frame's offset in the file.
 * A zero length is never written, so a zero-filled tail (a crash after the file grew) is a bad
 * frame rather than a run of empty records.
 */
public final class SpoolFrame {

    /** Bytes before the payload: length and CRC. */
    public static final int HEADER_BYTES = 8;
    /** Byte order of the header. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Segment file name suffix. */
    public static final String SEGMENT_SUFFIX = ".seg";

    private SpoolFrame() {
    }

    /** CRC32C of {@code bytes[from .. from+n)}. */
    public static int crc(byte[] bytes, int from, int n) {
        CRC32C c = new CRC32C();
        c.update(bytes, from, n);
        return (int) c.getValue();
    }

    /** Writes one frame of {@code payload} at the buffer's position (little-endian buffer). */
    public static void put(ByteBuffer out, byte[] payload) {
        out.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload);
    }

    /** Frame bytes of a payload of {@code n} bytes. */
    public static long frameBytes(int n) {
        return HEADER_BYTES + (long) n;
    }

    /** The file name of the segment starting at {@code start}. */
    public static String segmentName(long start) {
        return String.format("%020d%s", start, SEGMENT_SUFFIX);
    }

    /** The start position named by a segment file, or -1 if the name is not a segment's. */
    public static long segmentStart(Path file) {
        String n = file.getFileName().toString();
        if (!n.endsWith(SEGMENT_SUFFIX) || n.length() != 20 + SEGMENT_SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(n.substring(0, 20));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
