package io.ordo.actors.live;

import io.ordo.streams.cursor.Cursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Checks a run's {@link DataLedger}: replays each rank's file (a {@code start S} line rolls back
 * that rank's lines of steps after S: a restart from the checkpoint of step S), then requires each
 * lane's trained ranges, in step order, to start at the lane's beginning and join end to start
 * with no gap and no overlap. Holds when all ranks restart together (one JVM, or a ring that
 * re-forms with the same ranks).
 */
public final class LedgerAudit {

    /** One trained range. */
    record Range(long step, String lane, String from, Cursor to) {
    }

    /**
     * What the ledger proves.
     *
     * @param ends   each lane's position after the last surviving step
     * @param steps  surviving train lines (range count)
     * @param rolledBack train lines of rolled-back steps
     */
    public record Result(Map<String, Cursor> ends, int steps, int rolledBack) {
    }

    private LedgerAudit() {
    }

    /** Audits {@code runDir}'s ledger; throws with the first gap or overlap found. */
    public static Result audit(Path runDir) throws IOException {
        List<Range> kept = new ArrayList<>();
        int rolledBack = 0;
        try (Stream<Path> files = Files.list(runDir.resolve("data-ledger"))) {
            for (Path file : files.sorted().toList()) {
                List<Range> mine = new ArrayList<>();
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.split("\t");
                    if (f[0].equals("start")) {
                        long step = Long.parseLong(f[1]);
                        int before = mine.size();
                        mine.removeIf(r -> r.step() > step);
                        rolledBack += before - mine.size();
                    } else if (f[0].equals("train")) {
                        mine.add(new Range(Long.parseLong(f[1]), f[2], f[3], Cursor.parse(f[4])));
                    }
                }
                kept.addAll(mine);
            }
        }
        kept.sort(Comparator.comparingLong(Range::step));
        Map<String, Cursor> ends = new TreeMap<>();
        for (Range r : kept) {
            Cursor end = ends.get(r.lane());
            String expected = end == null ? "-" : end.toString();
            if (!r.from().equals(expected)) {
                throw new IllegalStateException("lane " + r.lane() + " step " + r.step() + " trained from " + r.from()
                        + " but the lane stood at " + expected + (end == null ? " (its beginning)" : "")
                        + ": records " + (end == null ? "skipped or repeated" : "skipped or trained twice"));
            }
            ends.put(r.lane(), r.to());
        }
        return new Result(ends, kept.size(), rolledBack);
    }
}
