package io.ordo.checkpoint;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A checkpoint file that {@link CheckpointStore#findLatestValid()} passed over.
 *
 * @param file   the file
 * @param reason why, e.g. the {@link CorruptCheckpointException} message
 */
public record SkippedCheckpoint(Path file, String reason) {

    /** Checks for nulls. */
    public SkippedCheckpoint {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }
}
