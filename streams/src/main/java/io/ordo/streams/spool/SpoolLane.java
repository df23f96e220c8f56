package io.ordo.streams.spool;

import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.live.Lane;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One lane of a {@link Spool} as a {@link Lane}: key {@code spool:<i>}, records read from a
 * position (or the first retained record) and then tailed, never completing. Reading runs on
 * the blocking-IO dispatcher ({@code Source.unfoldResource}) and is pulled by demand, one read
 * of at most {@value #FRAMES_PER_READ} frames at a time. A corrupt frame fails the stream with a
 * {@link CorruptSpoolException}; invalid UTF-8 or control characters become a
 * {@link io.ordo.streams.frame.Rejected} with the line framing's reasons.
 */
final class SpoolLane implements Lane {

    /** Most frames one read returns. */
    static final int FRAMES_PER_READ = 256;
    /** Longest wait for an append before an idle tick (milliseconds). */
    static final long POLL_MILLIS = 20;

    private final LaneLog log;
    private final String key;

    SpoolLane(LaneLog log) {
        this.log = log;
        this.key = "spool:" + log.index();
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Source<Framed, NotUsed> records(Optional<Cursor> from) {
        from.ifPresent(c -> {
            if (!c.source().equals(key)) {
                throw new IllegalArgumentException("cursor " + c + " is not a position of lane " + key);
            }
        });
        long start = from.map(Cursor::offset).orElse(LaneReader.FIRST_RETAINED);
        return Source.unfoldResource(
                        () -> new LaneReader(log, key, start, FRAMES_PER_READ, POLL_MILLIS),
                        r -> Optional.of(r.read()),
                        LaneReader::close)
                .mapConcat((List<Framed> l) -> l);
    }
}
