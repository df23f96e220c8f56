package io.ordo.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of a resume scan ({@link CheckpointStore#findLatestValid()}): the newest checkpoint
 * whose checksums all verify, the file it came from, and every newer file that was skipped.
 *
 * @param checkpoint the newest valid checkpoint, empty when there is none
 * @param file       the file it was read from, empty when there is none
 * @param skipped    newer files passed over, newest first, with the reason
 */
public record LoadResult(Optional<Checkpoint> checkpoint, Optional<Path> file,
                         List<SkippedCheckpoint> skipped) {

    /** Checks for nulls and copies {@code skipped}. */
    public LoadResult {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(file, "file");
        skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
        if (checkpoint.isPresent() != file.isPresent()) {
            throw new IllegalArgumentException("checkpoint and file must both be present or both empty");
        }
    }
}
