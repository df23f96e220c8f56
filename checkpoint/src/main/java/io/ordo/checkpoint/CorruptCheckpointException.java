package io.ordo.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A checkpoint file that is not a complete, intact Ordo checkpoint: bad magic, unsupported
 * version, truncated, or a checksum that does not match. The message names the file and what
 * failed (for a data checksum, the section).
 */
public final class CorruptCheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file   the checkpoint file that failed to verify
     * @param reason what failed, e.g. {@code "checksum mismatch in section 'adam.m'"}
     */
    public CorruptCheckpointException(Path file, String reason) {
        super("corrupt checkpoint " + Objects.requireNonNull(file, "file") + ": "
                + Objects.requireNonNull(reason, "reason"));
        this.file = file;
    }

    /** The checkpoint file that failed to verify. */
    public Path file() {
        return file;
    }
}
