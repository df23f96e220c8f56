package io.ordo.transport.allreduce;

import io.aeron.logbuffer.LogBufferDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a driver maps its term buffers, that the Aeron dir's filesystem (usually the
 * /dev/shm tmpfs, 64 MiB by default inside Docker) can hold them, and fails with what is needed and
 * how to fix it instead of a SIGBUS or "No space left on device" deep inside the driver.
 */
public final class AeronDirSpace {
    /** Bytes kept for the CnC file, counters and loss report beside the log buffers. */
    public static final long DRIVER_FILES_BYTES = 8L << 20;
    private static final int PAGE_SIZE = 4096;
    private static final long MIB = 1L << 20;

    private AeronDirSpace() {
    }

    /**
     * @param termLength term buffer bytes
     * @param logBuffers log buffers the driver will map: one per IPC publication, one per UDP
     *                   publication plus one per UDP image (subscription from a remote publisher)
     * @return bytes the Aeron dir needs, driver files included
     */
    public static long requiredBytes(int termLength, int logBuffers) {
        return logBuffers * LogBufferDescriptor.computeLogLength(termLength, PAGE_SIZE) + DRIVER_FILES_BYTES;
    }

    /**
     * Checks the filesystem that holds (or will hold) {@code aeronDir}.
     *
     * @throws IllegalStateException if it has too little usable space; the message says how much is
     *                               needed and how to fix it
     */
    public static void check(Path aeronDir, int termLength, int logBuffers) {
        Path existing = aeronDir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        try {
            FileStore store = Files.getFileStore(existing);
            check(aeronDir, store.toString(), store.getUsableSpace(), termLength, logBuffers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read free space of " + existing, e);
        }
    }

    /**
     * Pure form of {@link #check(Path, int, int)} for a known amount of usable space.
     *
     * @param usableBytes free bytes on the Aeron dir's filesystem
     */
    public static void check(Path aeronDir, String fileSystem, long usableBytes, int termLength, int logBuffers) {
        long required = requiredBytes(termLength, logBuffers);
        if (usableBytes >= required) {
            return;
        }
        throw new IllegalStateException(String.format(
                "Aeron dir %s (filesystem %s) has %d MiB free but needs %d MiB: %d log buffer(s) of 3 x %d MiB terms"
                        + " plus %d MiB of driver files. Fix one of: enlarge /dev/shm (docker run --shm-size=%dm,"
                        + " or mount -o remount,size=%dm /dev/shm); lower %s (now %d); or set %s to a directory"
                        + " on a filesystem with more room (a disk-backed one works, slower).",
                aeronDir, fileSystem, usableBytes / MIB, ceilMib(required), logBuffers, termLength / MIB,
                DRIVER_FILES_BYTES / MIB, 2 * ceilMib(required), 2 * ceilMib(required),
                AeronConfig.TERM_LENGTH_KEY, termLength, AeronConfig.DIR_KEY));
    }

    private static long ceilMib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
