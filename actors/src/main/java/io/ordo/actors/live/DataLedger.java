package io.ordo.actors.live;

import io.ordo.actors.files.LineFile;
import io.ordo.streams.cursor.Cursor;
import java.nio.file.Path;
import java.util.Map;

/**
 * An audit trail of which live records each step trained ({@code ordo.job.live.ledger = true}):
 * one file per rank, {@code <run>/data-ledger/rank-R.tsv}, appended and flushed line by line:
 *
 * <pre>
 * start  STEP                         a (re)start at STEP: lines before it with a larger step were rolled back
 * train  STEP  LANE  FROM  TO         the step trained LANE's records from position FROM up to TO
 * </pre>
 *
 * Positions print as {@link Cursor#toString()}. Replaying the file (dropping rolled-back lines)
 * gives, per lane, ranges that must join end to start with no gap and no overlap: every record
 * trained exactly once. Not thread-safe: one per trainer worker.
 */
public final class DataLedger implements AutoCloseable {

    private final LineFile out;

    private DataLedger(Path file) {
        out = new LineFile(file);
    }

    /** The ledger of {@code rank} under {@code runDir}. */
    public static DataLedger open(Path runDir, int rank) {
        return new DataLedger(runDir.resolve("data-ledger").resolve("rank-" + rank + ".tsv"));
    }

    /** A start at {@code step} (0 fresh, else the checkpoint's step). */
    public void started(long step) {
        write("start\t" + step);
    }

    /** {@code step} trained each lane from its position in {@code before} to the one in {@code after}. */
    public void trained(long step, Map<String, Cursor> before, Map<String, Cursor> after) {
        after.forEach((lane, to) -> {
            Cursor from = before.get(lane);
            if (!to.equals(from)) {
                write("train\t" + step + "\t" + lane + "\t" + (from == null ? "-" : from) + "\t" + to);
            }
        });
    }

    private void write(String line) {
        out.append(line);
    }

    @Override
    public void close() {
        out.close();
    }
}
