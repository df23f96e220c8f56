package io.ordo.streams.gen;

import io.ordo.core.batch.Shard;
import io.ordo.streams.cursor.Cursor;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A deterministic example generator: example {@code i} depends only on (seed, split, i).
 */
public interface TaskGenerator {

    /** Generator identity including its parameters and seed, used as the cursor source. */
    String id();

    /** Example {@code index}; pure function of the generator's parameters and {@code index}. */
    TaskExample example(long index);

    /** An endless source of examples starting at {@code startIndex}; demand-driven (back-pressured). */
    default Source<TaskExample, NotUsed> source(long startIndex) {
        return source(startIndex, Shard.WHOLE, 1);
    }

    /**
     * An endless source of {@code shard}'s examples of global batches of {@code globalRows}
     * examples, the first batch starting at {@code startIndex}: global batch k is examples
     * {@code [startIndex + k * globalRows, startIndex + (k + 1) * globalRows)}, of which only the
     * shard's rows are generated, in order. Demand-driven (back-pressured).
     */
    default Source<TaskExample, NotUsed> source(long startIndex, Shard shard, int globalRows) {
        shard.count(globalRows); // fails now, not when pulled, if the batch cannot be split
        return Source.unfold(0L, k -> Optional.of(Pair.create(k + 1,
                example(startIndex + shard.globalRow(globalRows, k)))));
    }

    /** An endless source resuming at {@code cursor}, which must come from this generator. */
    default Source<TaskExample, NotUsed> source(Cursor cursor) {
        return source(indexOf(cursor));
    }

    /** The example index {@code cursor} (which must come from this generator) resumes at. */
    default long indexOf(Cursor cursor) {
        if (!cursor.source().equals(id())) {
            throw new IllegalArgumentException("cursor " + cursor + " is not from generator " + id());
        }
        return cursor.offset();
    }
}
