package io.ordo.streams.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Finds where the good frames of a segment end: the first frame that is short, has a length
 * outside {@code 1 .. bytes left}, or fails its CRC ends the scan. Everything from there on was
 * never acknowledged under {@link FsyncPolicy#ALWAYS} (an acknowledged append was fsynced whole,
 * after every byte before it), so the caller truncates it.
 */
final class TailScan {

    private static final int CHUNK = 1 << 20;

    private TailScan() {
    }

    /** Bytes of good frames from the start of {@code segment}. */
    static long goodBytes(FileChannel segment) throws IOException {
        long size = segment.size();
        SegmentBuffer in = new SegmentBuffer(segment, CHUNK);
        long at = 0;
        while (at + SpoolFrame.HEADER_BYTES <= size) {
            ByteBuffer h = in.bytes(at, SpoolFrame.HEADER_BYTES, size);
            int len = h.getInt();
            int crc = h.getInt();
            if (len < 1 || len > size - at - SpoolFrame.HEADER_BYTES) {
                return at;
            }
            ByteBuffer p = in.bytes(at + SpoolFrame.HEADER_BYTES, len, size);
            if (SpoolFrame.crc(p.array(), p.arrayOffset() + p.position(), len) != crc) {
                return at;
            }
            at += SpoolFrame.HEADER_BYTES + len;
        }
        return at;
    }
}
