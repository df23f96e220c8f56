package io.ordo.streams.spool;

import io.ordo.streams.live.Lane;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A durable spool of live records in a run directory: {@code lanes} append-only segment logs
 * ({@code lane-<i>/}, format in {@link SpoolFrame}). Sources that cannot replay (HTTP, TCP,
 * stdin) append each record here before acknowledging it; training reads each lane as a
 * replayable {@link Lane} from a position kept in its checkpoints, and deletes segments that a
 * durable checkpoint covers with {@link #deleteBefore}.
 *
 * <p>Each {@link #append} writes its whole batch to one lane, chosen round-robin per call, so a
 * request's records stay together and in order, and costs one fsync (shared with concurrent
 * appends to the same lane) under {@link FsyncPolicy#ALWAYS}. On open, a torn tail of each lane's
 * last segment (kill -9 or power loss mid-write) is truncated; a corrupt frame anywhere else
 * fails the reader that reaches it with a {@link CorruptSpoolException} (never skipped).
 * Thread-safe.
 */
public final class Spool implements AutoCloseable {

    /** The file that fixes the lane count. */
    public static final String PROPERTIES = "spool.properties";
    private static final String LANES_KEY = "lanes";
    private static final String FORMAT_KEY = "format";
    private static final String FORMAT = "1";
    private static final System.Logger LOG = System.getLogger(Spool.class.getName());

    private final SpoolConfig config;
    private final LaneLog[] logs;
    private final Lane[] lanes;
    private final AtomicLong used = new AtomicLong();
    private final AtomicInteger nextLane = new AtomicInteger();

    private Spool(SpoolConfig config, LaneLog[] logs) {
        this.config = config;
        this.logs = logs;
        this.lanes = new Lane[logs.length];
        long bytes = 0;
        for (int i = 0; i < logs.length; i++) {
            lanes[i] = new SpoolLane(logs[i]);
            bytes += logs[i].bytesOnDisk();
        }
        used.set(bytes);
    }

    /**
     * Opens the spool in {@code dir}, creating it if needed. An existing spool keeps its lane count
     * (a different {@code config.lanes()} is logged and ignored); the other settings apply as given.
     */
    public static Spool open(Path dir, SpoolConfig config) throws IOException {
        Files.createDirectories(dir);
        SpoolConfig effective = config.withLanes(storedLanes(dir, config));
        LaneLog[] logs = new LaneLog[effective.lanes()];
        try {
            for (int i = 0; i < logs.length; i++) {
                logs[i] = LaneLog.open(i, dir.resolve("lane-" + i), effective);
            }
        } catch (IOException | RuntimeException e) {
            for (LaneLog l : logs) {
                if (l != null) {
                    l.close();
                }
            }
            throw e;
        }
        return new Spool(effective, logs);
    }

    private static int storedLanes(Path dir, SpoolConfig config) throws IOException {
        Path file = dir.resolve(PROPERTIES);
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            int stored = Integer.parseInt(p.getProperty(LANES_KEY));
            if (stored != config.lanes()) {
                LOG.log(System.Logger.Level.WARNING, "spool {0} has {1} lanes; ignoring the configured {2}",
                        dir, stored, config.lanes());
            }
            return stored;
        }
        p.setProperty(LANES_KEY, Integer.toString(config.lanes()));
        p.setProperty(FORMAT_KEY, FORMAT);
        Path tmp = dir.resolve(PROPERTIES + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Ordo spool; the lane count is fixed at creation");
        }
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        SpoolFiles.syncDirectory(dir);
        return config.lanes();
    }

    /** The effective configuration (the stored lane count). */
    public SpoolConfig config() {
        return config;
    }

    /** Number of lanes. */
    public int lanes() {
        return logs.length;
    }

    /** Lane {@code i} as a replayable, tailing {@link Lane} with key {@code spool:<i>}. */
    public Lane lane(int i) {
        return lanes[i];
    }

    /**
     * Appends the whole batch to one lane (round-robin per call), or nothing if it would pass the
     * cap. Returns once the records are durable per the {@link FsyncPolicy}; only then may they be
     * acknowledged.
     *
     * @param records payloads, each 1 to {@code maxRecordBytes} bytes (else IllegalArgumentException)
     * @throws UncheckedIOException if the write or fsync failed (nothing of the batch is acknowledged)
     */
    public AppendResult append(List<byte[]> records) {
        long bytes = 0;
        for (byte[] r : records) {
            if (r.length < 1 || r.length > config.maxRecordBytes()) {
                throw new IllegalArgumentException("record of " + r.length + " bytes; allowed 1.."
                        + config.maxRecordBytes());
            }
            bytes += SpoolFrame.frameBytes(r.length);
        }
        int lane = Math.floorMod(nextLane.getAndIncrement(), logs.length);
        if (records.isEmpty()) {
            long end = logs[lane].published();
            return new AppendResult.Appended(lane, end, end, 0);
        }
        long before;
        do {
            before = used.get();
            if (before + bytes > config.capBytes()) {
                return new AppendResult.SpoolFull(before, config.capBytes(), bytes);
            }
        } while (!used.compareAndSet(before, before + bytes));
        try {
            long first = logs[lane].append(records, bytes);
            return new AppendResult.Appended(lane, first, first + bytes, records.size());
        } catch (IOException e) {
            // the reservation stays: a failed fsync leaves the bytes in the file (overcounting is the safe side)
            throw new UncheckedIOException("spool append to lane " + lane + " failed", e);
        }
    }

    /** Bytes in segments not yet deleted, plus appends in progress. */
    public long usedBytes() {
        return used.get();
    }

    /** Position after the last acknowledged record of lane {@code i}. */
    public long endPosition(int lane) {
        return logs[lane].published();
    }

    /** Position of lane {@code i}'s first retained record. */
    public long firstPosition(int lane) {
        return logs[lane].firstPosition();
    }

    /** Bytes of torn tails truncated when this spool was opened, all lanes. */
    public long truncatedOnOpen() {
        long s = 0;
        for (LaneLog l : logs) {
            s += l.truncatedBytes();
        }
        return s;
    }

    /**
     * Deletes lane {@code lane}'s segments whose every record lies before {@code position} (a
     * position a durable checkpoint has passed), never the segment being appended to.
     *
     * @return bytes freed
     */
    public long deleteBefore(int lane, long position) throws IOException {
        long freed = logs[lane].deleteBefore(position);
        used.addAndGet(-freed);
        return freed;
    }

    @Override
    public void close() throws IOException {
        for (LaneLog l : logs) {
            l.close();
        }
    }
}
