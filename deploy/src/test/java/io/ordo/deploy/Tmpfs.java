package io.ordo.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test: a real file system that runs out of space. Mounting needs
 * root (CAP_SYS_ADMIN), as on this machine and in CI; without it the test fails and says so.
 * (The actors tests have a fuller one that also fills, frees and remounts read-only.)
 */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} (e.g. {@code "4k"}) at {@code mountPoint}, created if missing. */
    static Tmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        if (failure != null) {
            throw new AssertionError("cannot mount a tmpfs at " + mountPoint + " (" + failure + "): the disk-fault "
                    + "tests need root (CAP_SYS_ADMIN) to mount a small file system they can fill; run them as root, "
                    + "as CI does");
        }
        return new Tmpfs(mountPoint);
    }

    /** Unmounts (lazily, in case a file on it is still mapped). */
    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run("umount", "-l", mountPoint.toString());
        if (failure != null) {
            throw new IllegalStateException("cannot unmount " + mountPoint + ": " + failure);
        }
    }

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
