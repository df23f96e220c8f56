package io.ordo.streams.meter;

import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * Thread-safe element counts per {@link Stage} of a pipeline, plus the time the last element
 * passed each stage. {@link #tap(Stage)} is a pass-through {@code Flow} that counts; a reader
 * (metrics, health) derives rates from successive counts.
 */
public final class StageCounters {
    private final EnumMap<Stage, LongAdder> counts = new EnumMap<>(Stage.class);
    private final AtomicLongArray last = new AtomicLongArray(Stage.values().length);

    public StageCounters() {
        for (Stage s : Stage.values()) {
            counts.put(s, new LongAdder());
        }
    }

    /** A pass-through stage that counts each element at {@code stage}. */
    public <T> Flow<T, T, NotUsed> tap(Stage stage) {
        LongAdder adder = counts.get(stage);
        int i = stage.ordinal();
        return Flow.<T>create().map(e -> {
            adder.increment();
            last.lazySet(i, System.nanoTime());
            return e;
        });
    }

    /** Counts {@code n} elements at {@code stage} (for stages that are not a {@code Flow}). */
    public void add(Stage stage, long n) {
        counts.get(stage).add(n);
        last.lazySet(stage.ordinal(), System.nanoTime());
    }

    /** Elements that passed {@code stage} so far. */
    public long count(Stage stage) {
        return counts.get(stage).sum();
    }

    /** {@link System#nanoTime()} when the last element passed {@code stage}, 0 if none has. */
    public long lastNanos(Stage stage) {
        return last.get(stage.ordinal());
    }
}
