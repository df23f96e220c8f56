package io.ordo.streams.live;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Decides when a rank without windows sends a blank batch: at once while the other ranks have data
 * (in the last step this rank was dry and the others trained, so it must not hold them up), else once every
 * {@code heartbeat} (everyone is idle: steps that train nothing, just often enough that the ring
 * never takes the wait for a dead rank). Groups with windows always pass. Not thread-safe: one per
 * materialization.
 */
final class BlankPacer {

    private final long heartbeatNanos;
    private final BooleanSupplier othersHaveData;
    private long lastNanos = System.nanoTime();

    BlankPacer(Duration heartbeat, BooleanSupplier othersHaveData) {
        this.heartbeatNanos = heartbeat.toNanos();
        this.othersHaveData = othersHaveData;
    }

    /** Whether {@code group} goes out now (an empty group is a candidate blank batch). */
    boolean pass(List<LaneRow> group) {
        long now = System.nanoTime();
        if (!group.isEmpty() || othersHaveData.getAsBoolean() || now - lastNanos >= heartbeatNanos) {
            lastNanos = now;
            return true;
        }
        return false;
    }
}
