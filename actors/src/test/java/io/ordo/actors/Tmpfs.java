package io.ordo.actors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test, a real file system that fails on demand: {@link #fill} it
 * (every write then fails with "No space left on device"), make it {@link #readOnly}, give the space
 * or write access back. Mounting needs root (CAP_SYS_ADMIN), as on this machine and in CI; without
 * it the test fails and says so.
 */
public final class Tmpfs implements AutoCloseable {
    private static final String FILLER = "filler";
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} (e.g. {@code "8m"}) at {@code mountPoint}, created if missing. */
    public static Tmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        if (failure != null) {
            throw new AssertionError("cannot mount a tmpfs at " + mountPoint + " (" + failure + "): the disk-fault "
                    + "tests need root (CAP_SYS_ADMIN) to mount a small file system they can fill and make read-only; "
                    + "run them as root, as CI does");
        }
        return new Tmpfs(mountPoint);
    }

    /** Writes a filler file until the file system is full. */
    public void fill() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve(FILLER))) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    /** Deletes the filler: the space is back. */
    public void free() throws IOException {
        Files.deleteIfExists(mountPoint.resolve(FILLER));
    }

    /** Remounts read-only (no file may be open for writing on it). */
    public void readOnly() throws IOException, InterruptedException {
        remount("ro");
    }

    /** Remounts read-write. */
    public void readWrite() throws IOException, InterruptedException {
        remount("rw");
    }

    private void remount(String mode) throws IOException, InterruptedException {
        String failure = run("mount", "-o", "remount," + mode, mountPoint.toString());
        if (failure != null) {
            throw new IllegalStateException("cannot remount " + mountPoint + " " + mode + ": " + failure);
        }
    }

    /** Unmounts (lazily: a checkpoint a test loaded may still be memory-mapped). */
    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run("umount", "-l", mountPoint.toString());
        if (failure != null) {
            throw new IllegalStateException("cannot unmount " + mountPoint + ": " + failure);
        }
    }

    /** Runs {@code command}; null when it succeeded, else what it printed and its exit status. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : output + " (exit status " + p.exitValue() + ")";
    }
}
