package io.ordo.streams.live;

import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.Framed;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One ordered, replayable stream of live records that one data-parallel rank reads at a time: a
 * Kafka partition, a lane of the durable spool, or a tailed directory. Its position is a
 * {@link Cursor}: every record before it has been trained on. A checkpoint stores each lane's
 * position; a resume reads each lane again from there, so no record is lost or trained twice.
 *
 * <p>The source never completes while the lane is live: it waits (back-pressured, without
 * emitting) for new records. Each {@link io.ordo.streams.frame.TextRecord}'s {@code at()} is its
 * position (source, offset) and {@code nextOffset()} the offset of the record after it.
 */
public interface Lane {

    /** Stable name of the lane in checkpoints and metrics, e.g. {@code kafka:events/3} or {@code spool:0}. */
    String key();

    /**
     * The lane's records from {@code from} (a position this lane gave; its {@code tokenSkip} is
     * applied by tokenization, not here), or from the lane's beginning.
     */
    Source<Framed, NotUsed> records(Optional<Cursor> from);
}
