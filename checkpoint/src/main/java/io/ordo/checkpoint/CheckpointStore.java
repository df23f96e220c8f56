package io.ordo.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of checkpoints {@code step-%012d.ckpt}, written atomically and pruned to the latest
 * {@code keepLatest}.
 *
 * <p><b>Save</b>: write {@code step-N.ckpt.tmp} in the same directory with gathering writes
 * straight from the section buffers, {@code force(true)}, read it back and verify every checksum,
 * rename to {@code step-N.ckpt} with {@code ATOMIC_MOVE}, fsync the directory (skipped quietly where
 * the file system never could), then delete older checkpoints beyond {@code keepLatest} and stale
 * {@code step-*.ckpt.tmp} files left by a crash. A file with the final name is therefore always
 * complete and was verified when written; a crash at any moment leaves at worst a {@code .tmp}
 * file, which loading ignores and the next save deletes.
 *
 * <p><b>A failed save</b> (disk full, I/O error, read-only file system, a file that does not read
 * back intact) throws and changes nothing else: its temp file is deleted (where the file system
 * still allows it; else the next successful save deletes it) and nothing is pruned, so the newest
 * good checkpoint stays on disk however many saves fail after it. Pruning runs only after a save
 * whose file verified, and that file is the newest it keeps. The store holds no failure state: the
 * next save tries again from scratch. Checkpoints with
 * a <em>higher</em> step than the one just saved are deleted too (with a WARN): they belong to a
 * run that was abandoned when training resumed from an earlier step, and would otherwise shadow
 * the new run on the next resume.
 *
 * <p><b>Asynchronous save</b>: {@link #saveAsync} copies every section (one bulk copy each into
 * pooled direct buffers) before it returns and writes on one background daemon thread, in
 * submission order. At most {@value #MAX_PENDING_WRITES} snapshots exist at once; a further
 * {@code saveAsync} blocks until the oldest is written (back-pressure instead of unbounded
 * memory). The pool keeps those buffers for reuse until {@link #close()}, so budget
 * {@value #MAX_PENDING_WRITES} times the checkpoint size of direct memory
 * ({@code -XX:MaxDirectMemorySize}, which defaults to {@code -Xmx}).
 *
 * <p><b>Load</b>: {@link #findLatestValid()} tries files newest first, fully verifying each; a
 * corrupt or unreadable one is logged at WARNING through {@link System.Logger} (logger name is this
 * class's name) and reported in the {@link LoadResult}, and the next older one is tried.
 *
 * <p>One writer per directory: close a store before opening another that saves to the same
 * directory (a second writer's stale-temp cleanup could delete the first one's temp file).
 * Reading from any number of stores or processes is safe. Thread-safe.
 */
public final class CheckpointStore implements AutoCloseable {

    /** Snapshots held at once by {@link #saveAsync} (being written or queued). */
    public static final int MAX_PENDING_WRITES = 2;
    /** Suffix of a file being written. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final System.Logger LOG = System.getLogger(CheckpointStore.class.getName());
    private static final Pattern CHECKPOINT_NAME = Pattern.compile("step-(\\d{1,19})\\.ckpt");
    private static final Pattern TEMP_NAME = Pattern.compile("step-\\d{1,19}\\.ckpt\\.tmp");

    private final Path dir;
    private final int keepLatest;
    private final Object writeLock = new Object();
    private final Semaphore pendingWrites = new Semaphore(MAX_PENDING_WRITES);
    private final SnapshotPool pool = new SnapshotPool();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "ordo-checkpoint-writer");
        t.setDaemon(true);
        return t;
    });
    private final ChannelOpener opener;
    private volatile boolean closed;
    /** False once the first directory fsync failed: this file system cannot fsync a directory. */
    private volatile boolean directorySyncWorks = true;
    /** A directory fsync succeeded here, so a later failure is a real I/O error, not a missing feature. */
    private volatile boolean directorySynced;

    /**
     * @param dir        checkpoint directory, created (with parents) if missing
     * @param keepLatest how many of the newest checkpoints to keep, {@code >= 1}
     * @throws IOException if {@code dir} cannot be created or is not a directory
     */
    public CheckpointStore(Path dir, int keepLatest) throws IOException {
        this(dir, keepLatest, ChannelOpener.FILE_SYSTEM);
    }

    /** As {@link #CheckpointStore(Path, int)}, opening the channels it writes and fsyncs through {@code opener}. */
    CheckpointStore(Path dir, int keepLatest, ChannelOpener opener) throws IOException {
        Objects.requireNonNull(dir, "dir");
        this.opener = Objects.requireNonNull(opener, "opener");
        if (keepLatest < 1) {
            throw new IllegalArgumentException("keepLatest must be >= 1, was " + keepLatest);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dir must be a directory, " + dir + " is a file");
        }
        this.dir = Files.createDirectories(dir);
        this.keepLatest = keepLatest;
    }

    /** The checkpoint directory. */
    public Path dir() {
        return dir;
    }

    /** How many of the newest checkpoints are kept. */
    public int keepLatest() {
        return keepLatest;
    }

    /** The file name a checkpoint at {@code step} is saved under. */
    public static String fileName(long step) {
        return String.format(Locale.ROOT, "step-%012d.ckpt", step);
    }

    /**
     * Saves {@code c} atomically, then prunes. Returns once the file and its directory entry are
     * on disk. Reads the section buffers while it runs; their positions are not changed.
     *
     * @return the checkpoint file
     */
    public Path save(Checkpoint c) throws IOException {
        Objects.requireNonNull(c, "checkpoint");
        ensureOpen();
        return write(c);
    }

    /**
     * Snapshots {@code c}'s sections now and saves the snapshot on the background writer thread,
     * after every earlier asynchronous save. Blocks while {@value #MAX_PENDING_WRITES} snapshots
     * are already pending.
     *
     * @return completes with the checkpoint file, or exceptionally with the write's failure
     */
    public CompletableFuture<Path> saveAsync(Checkpoint c) {
        Objects.requireNonNull(c, "checkpoint");
        ensureOpen();
        try {
            pendingWrites.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        SnapshotPool.Snapshot snapshot;
        try {
            snapshot = pool.snapshot(c);
        } catch (RuntimeException | Error e) {
            pendingWrites.release();
            throw e;
        }
        CompletableFuture<Path> result = new CompletableFuture<>();
        try {
            writer.execute(() -> writeSnapshot(snapshot, result));
        } catch (RejectedExecutionException e) {
            pool.recycle(snapshot);
            pendingWrites.release();
            throw new IllegalStateException("checkpoint store for " + dir + " is closed", e);
        }
        return result;
    }

    /** The checkpoint files, oldest (lowest step) first. Temp files are not listed. */
    public List<Path> list() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> stepOf(p) >= 0).forEach(files::add);
        }
        files.sort(Comparator.comparingLong(CheckpointStore::stepOf));
        return files;
    }

    /**
     * The newest checkpoint whose checksums all verify; corrupt or unreadable newer files are
     * skipped with a WARNING log line. See {@link #findLatestValid()} for the skipped files.
     */
    public Optional<Checkpoint> loadLatestValid() throws IOException {
        return findLatestValid().checkpoint();
    }

    /**
     * Tries the checkpoint files newest first and returns the first that verifies, with every
     * newer file that did not (each also logged at WARNING).
     */
    public LoadResult findLatestValid() throws IOException {
        List<Path> files = list();
        List<SkippedCheckpoint> skipped = new ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i--) {
            Path file = files.get(i);
            try {
                Checkpoint c = CheckpointFormat.read(file);
                return new LoadResult(Optional.of(c), Optional.of(file), skipped);
            } catch (IOException e) {
                String reason = e instanceof CorruptCheckpointException ? e.getMessage()
                        : "cannot read " + file + ": " + e;
                skipped.add(new SkippedCheckpoint(file, reason));
                LOG.log(Level.WARNING, "Skipping checkpoint " + file + " and trying an older one: " + reason);
            }
        }
        return new LoadResult(Optional.empty(), Optional.empty(), skipped);
    }

    /** Waits for every pending asynchronous save, then stops the writer thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        writer.shutdown();
        boolean interrupted = false;
        while (!writer.isTerminated()) {
            try {
                writer.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        pool.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeSnapshot(SnapshotPool.Snapshot snapshot, CompletableFuture<Path> result) {
        Path file = null;
        Throwable failure = null;
        try {
            file = write(snapshot.checkpoint());
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            LOG.log(Level.ERROR, "Asynchronous checkpoint save of step " + snapshot.checkpoint().step()
                    + " to " + dir + " failed", e);
        } finally {
            pool.recycle(snapshot);
            pendingWrites.release();
        }
        if (failure == null) {
            result.complete(file);
        } else {
            result.completeExceptionally(failure);
        }
    }

    private Path write(Checkpoint c) throws IOException {
        synchronized (writeLock) {
            String name = fileName(c.step());
            Path target = dir.resolve(name);
            Path temp = dir.resolve(name + TEMP_SUFFIX);
            try {
                try (FileChannel channel = opener.open(temp, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    CheckpointFormat.write(channel, c);
                    channel.force(true);
                }
                verify(temp);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(temp, "temp file of a failed save");
                throw e;
            }
            syncDirectory();
            try {
                prune(c.step());
            } catch (IOException | UncheckedIOException e) {
                LOG.log(Level.WARNING, "Saved " + target + " but could not prune " + dir + ": " + e);
            }
            return target;
        }
    }

    /**
     * Reads the just-written {@code temp} back and checks every checksum, so that no file gets a
     * final name (and counts towards {@code keepLatest}) unless it verified. The bytes come from
     * the page cache: this catches a write that went wrong on its way into the file (a short or
     * garbled write the file system did not report), not a disk that later loses what it stored.
     */
    private static void verify(Path temp) throws IOException {
        try {
            CheckpointFormat.read(temp);
        } catch (CorruptCheckpointException e) {
            throw new IOException("the file written does not read back intact, so it was not renamed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Makes the rename durable. Some file systems cannot open or force a directory: the first
     * failure there turns directory fsyncs off for this store. Once one succeeded, a failure is an
     * I/O error and fails the save (the rename may not survive a power loss); the next save tries
     * again.
     */
    private void syncDirectory() throws IOException {
        if (!directorySyncWorks) {
            return;
        }
        try (FileChannel d = opener.open(dir, StandardOpenOption.READ)) {
            d.force(true);
            directorySynced = true;
        } catch (IOException | UnsupportedOperationException e) {
            if (directorySynced && e instanceof IOException io) {
                throw new IOException("fsync of " + dir + " after the rename failed, so the checkpoint may not "
                        + "survive a power loss: " + io.getMessage(), io);
            }
            directorySyncWorks = false;
            LOG.log(Level.DEBUG, "Directory fsync not supported for " + dir + " (" + e
                    + "); relying on the file fsync only");
        }
    }

    private void prune(long savedStep) throws IOException {
        List<Path> files = list();
        int kept = 0;
        for (int i = files.size() - 1; i >= 0; i--) {
            Path file = files.get(i);
            long step = stepOf(file);
            if (step > savedStep) {
                LOG.log(Level.WARNING, "Deleting checkpoint " + file + ": its step is after the step "
                        + savedStep + " just saved (left by a run that resumed from an earlier step)");
                deleteQuietly(file, "checkpoint from an abandoned run");
            } else if (kept < keepLatest) {
                kept++;
            } else {
                deleteQuietly(file, "checkpoint beyond the latest " + keepLatest);
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(p -> TEMP_NAME.matcher(p.getFileName().toString()).matches())
                    .forEach(p -> {
                        LOG.log(Level.INFO, "Deleting stale " + p + " left by an interrupted save");
                        deleteQuietly(p, "stale temp file");
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void deleteQuietly(Path file, String what) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not delete " + what + " " + file + ": " + e);
        }
    }

    /** The step in a checkpoint file name, or -1 if {@code file} is not named like one. */
    public static long stepOf(Path file) {
        Matcher m = CHECKPOINT_NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("checkpoint store for " + dir + " is closed");
        }
    }
}
