package io.ordo.actors.report;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A checkpoint that could not be written (disk full, I/O error, read-only file system, a file
 * that did not read back intact). Training goes on; the next checkpoint tries again.
 *
 * @param step         the step whose checkpoint failed
 * @param dir          the checkpoint directory
 * @param error        what failed, e.g. {@code "No space left on device"}
 * @param lastGoodStep the step of the newest checkpoint known to be on disk, -1 when there is none
 */
public record CheckpointFailure(long step, Path dir, String error, long lastGoodStep) {

    public CheckpointFailure {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(error, "error");
    }

    /**
     * E.g. {@code "checkpoint at step 10 failed in /run/checkpoints: No space left on device; last
     * good checkpoint: step 5"}.
     */
    public String describe() {
        return "checkpoint at step " + step + " failed in " + dir + ": " + error + "; last good checkpoint: "
                + (lastGoodStep < 0 ? "none" : "step " + lastGoodStep);
    }

    /** What {@code e} says went wrong, in one line (a file system error names its file). */
    public static String reason(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof FileSystemException f && f.getReason() == null) {
            return e.getClass().getSimpleName() + ": " + message; // e.g. NoSuchFileException: its path
        }
        return message.replace('\n', ' ');
    }
}
