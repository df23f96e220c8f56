package io.ordo.streams.live;

import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Framing;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.source.FileSources;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A directory followed as it grows: its regular files in name order, each read to its end, then
 * appends to the last one and files that appear later (name them so they sort after the existing
 * ones, e.g. by time). Files are replayable, so a position is a plain file cursor; a line still
 * being written (no newline yet) waits for its newline.
 */
public final class TailLane implements Lane {

    private final Path dir;
    private final FramingConfig framing;

    public TailLane(Path dir, FramingConfig framing) {
        this.dir = dir.toAbsolutePath().normalize();
        this.framing = framing;
    }

    @Override
    public String key() {
        return "tail:" + dir;
    }

    @Override
    public Source<Framed, NotUsed> records(Optional<Cursor> from) {
        return FileSources.path(dir, from, true).via(Framing.lines(framing));
    }
}
