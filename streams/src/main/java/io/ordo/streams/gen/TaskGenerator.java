package io.ordo.streams.gen;

import io.ordo.streams.cursor.Cursor;
import org.apache.pekko.NotUsed;
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
        return Source.unfold(startIndex, i -> java.util.Optional.of(
                org.apache.pekko.japi.Pair.create(i + 1, example(i))));
    }

    /** An endless source resuming at {@code cursor}, which must come from this generator. */
    default Source<TaskExample, NotUsed> source(Cursor cursor) {
        if (!cursor.source().equals(id())) {
            throw new IllegalArgumentException("cursor " + cursor + " is not from generator " + id());
        }
        return source(cursor.offset());
    }
}
