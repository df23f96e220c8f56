package io.ordo.streams.live;

import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchAssembler;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.pack.PackedRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a group of windows from one rank's lanes into a {@link Batch} that carries every lane's
 * position after it: a lane's position moves to the {@code next} cursor of its last window in the
 * batch and stays where it was for lanes that gave none. An empty group (no data arrived: a
 * heartbeat) becomes one blank row with no targets, so the rank still takes part in the step and
 * the step trains nothing of it. Not thread-safe: one per materialization.
 */
final class LiveAssembler {

    private final BatchAssembler assembler;
    private final BatchConfig config;
    private final int padId;
    private final Map<String, Cursor> positions;

    /**
     * @param from the positions this rank's lanes start at (lanes without one start at their beginning)
     */
    LiveAssembler(BatchConfig config, int padId, Map<String, Cursor> from) {
        this.assembler = new BatchAssembler(config);
        this.config = config;
        this.padId = padId;
        this.positions = new HashMap<>(from);
    }

    Batch assemble(List<LaneRow> group) {
        List<PackedRow> rows = new ArrayList<>(Math.max(1, group.size()));
        for (LaneRow r : group) {
            rows.add(r.row());
            positions.put(r.lane(), r.row().next());
        }
        if (rows.isEmpty()) {
            rows.add(blank());
        }
        Batch b = assembler.assemble(rows, rows.get(0).start(), rows.get(rows.size() - 1).next());
        return new Batch(b.index(), b.batch(), null, null, positions);
    }

    private PackedRow blank() {
        int[] tokens = new int[config.width()];
        Arrays.fill(tokens, padId);
        return new PackedRow(tokens, new boolean[config.width()], null, null);
    }
}
