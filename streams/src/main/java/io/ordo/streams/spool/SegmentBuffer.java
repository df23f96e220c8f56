package io.ordo.streams.spool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A read window over one segment file: positional reads of whole chunks, so that parsing
 * frames costs one read per chunk rather than two per record. Holds at most
 * {@code max(chunk, largest request)} bytes.
 */
final class SegmentBuffer {

    private final FileChannel file;
    private final int chunk;
    private ByteBuffer buf;
    private long bufStart;

    SegmentBuffer(FileChannel file, int chunk) {
        this.file = file;
        this.chunk = chunk;
        this.buf = ByteBuffer.allocate(chunk).order(SpoolFrame.ORDER).limit(0);
    }

    /**
     * A view of {@code n} bytes at file offset {@code at}, positioned at them, valid until the
     * next call. Reads ahead at most up to {@code end} (a file offset that is safe to read to).
     */
    ByteBuffer bytes(long at, int n, long end) throws IOException {
        if (at < bufStart || at + n > bufStart + buf.limit()) {
            fill(at, n, end);
        }
        ByteBuffer v = buf.duplicate().order(SpoolFrame.ORDER);
        v.position((int) (at - bufStart)).limit((int) (at - bufStart) + n);
        return v;
    }

    private void fill(long at, int n, long end) throws IOException {
        int want = (int) Math.min(Math.max(chunk, n), Math.max(n, end - at));
        if (buf.capacity() < want) {
            buf = ByteBuffer.allocate(want).order(SpoolFrame.ORDER);
        }
        buf.clear().limit(want);
        bufStart = at;
        while (buf.position() < n) {
            int r = file.read(buf, at + buf.position());
            if (r < 0) {
                throw new EOFException("segment ends at " + (at + buf.position()) + ", wanted " + n + " bytes at " + at);
            }
        }
        buf.flip();
    }
}
