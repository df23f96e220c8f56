package io.ordo.streams.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * One lane's segment files: the appending side (one writer at a time, group-committed fsync)
 * and the registry of retained segments that {@link LaneReader}s walk.
 *
 * <p>Positions: {@code written} is the end of bytes written to the file; {@code published} the
 * end of bytes durable per the {@link FsyncPolicy}, the only ones readers see and the end of
 * every acknowledged append. Lock order: {@code writeLock}, then {@code syncLock}.
 */
final class LaneLog implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LaneLog.class.getName());

    private final int index;
    private final Path dir;
    private final SpoolConfig config;
    private final ConcurrentSkipListMap<Long, Path> segments = new ConcurrentSkipListMap<>();
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    private final Object appended = new Object();
    private final long truncatedBytes;
    private FileChannel active;
    private long activeStart;
    private ByteBuffer scratch = ByteBuffer.allocate(0);
    private volatile long written;
    private volatile long published;
    private long synced;

    private LaneLog(int index, Path dir, SpoolConfig config) throws IOException {
        this.index = index;
        this.dir = dir;
        this.config = config;
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                long start = SpoolFrame.segmentStart(f);
                if (start >= 0) {
                    segments.put(start, f);
                }
            });
        }
        checkContiguous();
        if (segments.isEmpty()) {
            segments.put(0L, dir.resolve(SpoolFrame.segmentName(0)));
        }
        Map.Entry<Long, Path> last = segments.lastEntry();
        activeStart = last.getKey();
        active = FileChannel.open(last.getValue(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        long good = TailScan.goodBytes(active);
        truncatedBytes = active.size() - good;
        if (truncatedBytes > 0) {
            LOG.log(System.Logger.Level.WARNING, "spool lane {0}: truncating a torn tail of {1} bytes at position {2} of {3}",
                    index, truncatedBytes, activeStart + good, last.getValue());
            active.truncate(good);
        }
        if (config.fsync() == FsyncPolicy.ALWAYS) {
            active.force(false);
            SpoolFiles.syncDirectory(dir);
        }
        written = activeStart + good;
        published = written;
        synced = written;
    }

    /** Opens (creating if needed) the lane in {@code dir}, truncating a torn tail of its last segment. */
    static LaneLog open(int index, Path dir, SpoolConfig config) throws IOException {
        return new LaneLog(index, dir, config);
    }

    private void checkContiguous() throws IOException {
        Map.Entry<Long, Path> prev = null;
        for (Map.Entry<Long, Path> e : segments.entrySet()) {
            if (prev != null && prev.getKey() + Files.size(prev.getValue()) != e.getKey()) {
                throw new CorruptSpoolException("spool lane " + index + ": segment " + prev.getValue() + " of "
                        + Files.size(prev.getValue()) + " bytes does not end where " + e.getValue() + " starts");
            }
            prev = e;
        }
    }

    int index() {
        return index;
    }

    /** Bytes cut off the last segment on open (a torn tail). */
    long truncatedBytes() {
        return truncatedBytes;
    }

    /** End of the records readers may see: all acknowledged ones. */
    long published() {
        return published;
    }

    /** Start of the first retained segment. */
    long firstPosition() {
        return segments.firstKey();
    }

    /** Bytes in this lane's segment files. */
    long bytesOnDisk() {
        return written - firstPosition();
    }

    /** The retained segment holding {@code position}, or null if it was deleted. */
    Map.Entry<Long, Path> segmentAt(long position) {
        Map.Entry<Long, Path> e = segments.floorEntry(position);
        return e == null || position < firstPosition() ? null : e;
    }

    /** Start of the segment after the one starting at {@code start}, or {@link Long#MAX_VALUE}. */
    long nextSegmentStart(long start) {
        Long k = segments.higherKey(start);
        return k == null ? Long.MAX_VALUE : k;
    }

    /**
     * Appends {@code records} (each 1..maxRecordBytes long, together {@code bytes} framed)
     * contiguously; returns once they are durable per the policy.
     *
     * @return the position of the first record
     */
    long append(List<byte[]> records, long bytes) throws IOException {
        long start;
        long end;
        synchronized (writeLock) {
            if (written > activeStart && written - activeStart + bytes > config.segmentBytes()) {
                roll();
            }
            ByteBuffer buf = scratch(bytes);
            for (byte[] r : records) {
                SpoolFrame.put(buf, r);
            }
            buf.flip();
            long at = written - activeStart;
            try {
                while (buf.hasRemaining()) {
                    at += active.write(buf, at);
                }
            } catch (IOException e) {
                active.truncate(written - activeStart);
                throw e;
            }
            start = written;
            end = start + bytes;
            written = end;
            if (config.fsync() == FsyncPolicy.NONE) {
                publish(end);
            }
        }
        if (config.fsync() == FsyncPolicy.ALWAYS) {
            syncTo(end);
        }
        return start;
    }

    private ByteBuffer scratch(long bytes) {
        if (scratch.capacity() < bytes) {
            scratch = ByteBuffer.allocate((int) Math.max(bytes, Math.min(2L * scratch.capacity(), Integer.MAX_VALUE - 8)));
        }
        scratch.clear().limit((int) bytes);
        return scratch.order(SpoolFrame.ORDER);
    }

    /** Group commit: one fdatasync covers every append written before it started. */
    private void syncTo(long end) throws IOException {
        synchronized (syncLock) {
            if (synced >= end) {
                return;
            }
            long target = written;
            active.force(false);
            synced = target;
            publish(target);
        }
    }

    /** Under writeLock: seals the active segment (forced under ALWAYS) and starts one at {@code written}. */
    private void roll() throws IOException {
        synchronized (syncLock) {
            if (config.fsync() == FsyncPolicy.ALWAYS) {
                active.force(false);
                synced = written;
            }
            active.close();
            Path next = dir.resolve(SpoolFrame.segmentName(written));
            active = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            activeStart = written;
            segments.put(activeStart, next);
            if (config.fsync() == FsyncPolicy.ALWAYS) {
                SpoolFiles.syncDirectory(dir);
                publish(synced);
            }
        }
    }

    private void publish(long end) {
        if (end > published) {
            published = end;
            synchronized (appended) {
                appended.notifyAll();
            }
        }
    }

    /** Waits at most {@code millis} for the published end to pass {@code position}. */
    void awaitBeyond(long position, long millis) throws InterruptedException {
        synchronized (appended) {
            if (published <= position) {
                appended.wait(millis);
            }
        }
    }

    /**
     * Deletes the segments whose every record lies before {@code position}, never the active one.
     *
     * @return bytes freed
     */
    synchronized long deleteBefore(long position) throws IOException {
        long activeNow;
        synchronized (writeLock) {
            activeNow = activeStart;
        }
        List<Map.Entry<Long, Path>> doomed = new ArrayList<>();
        for (Map.Entry<Long, Path> e : segments.headMap(activeNow).entrySet()) {
            if (nextSegmentStart(e.getKey()) <= position) {
                doomed.add(e);
            }
        }
        long freed = 0;
        for (Map.Entry<Long, Path> e : doomed) {
            long size = nextSegmentStart(e.getKey()) - e.getKey();
            segments.remove(e.getKey());
            Files.deleteIfExists(e.getValue());
            freed += size;
        }
        return freed;
    }

    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            synchronized (syncLock) {
                if (config.fsync() == FsyncPolicy.ALWAYS && active.isOpen()) {
                    active.force(false);
                }
                active.close();
            }
        }
    }
}
