package io.ordo.streams.frame;

import io.ordo.streams.meter.StageCounters;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counts of rejected records per {@link BadInputReason}, plus accepted records, so
 * that {@code accepted + rejected} accounts for every record a source produced. It also carries the
 * pipeline's {@link StageCounters} (elements per stage), so one object threads all of a
 * pipeline's counts through {@code Pipelines}.
 */
public final class BadInputCounters {

    private final EnumMap<BadInputReason, LongAdder> rejected = new EnumMap<>(BadInputReason.class);
    private final LongAdder accepted = new LongAdder();
    private final StageCounters stages = new StageCounters();

    public BadInputCounters() {
        for (BadInputReason r : BadInputReason.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    /** Counts one rejected record. */
    public void reject(BadInputReason reason) {
        rejected.get(reason).increment();
    }

    /** Counts one accepted record. */
    public void accept() {
        accepted.increment();
    }

    /** Rejected records for {@code reason}. */
    public long rejected(BadInputReason reason) {
        return rejected.get(reason).sum();
    }

    /** All rejected records. */
    public long rejectedTotal() {
        long s = 0;
        for (LongAdder a : rejected.values()) {
            s += a.sum();
        }
        return s;
    }

    /** Elements per pipeline stage. */
    public StageCounters stages() {
        return stages;
    }

    /** Accepted records. */
    public long accepted() {
        return accepted.sum();
    }

    /** A snapshot: reason to count, only non-zero reasons. */
    public Map<BadInputReason, Long> snapshot() {
        EnumMap<BadInputReason, Long> m = new EnumMap<>(BadInputReason.class);
        rejected.forEach((r, a) -> {
            long v = a.sum();
            if (v > 0) {
                m.put(r, v);
            }
        });
        return m;
    }

    @Override
    public String toString() {
        return "accepted=" + accepted() + " rejected=" + snapshot();
    }
}
