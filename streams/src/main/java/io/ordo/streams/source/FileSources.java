package io.ordo.streams.source;

import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.Chunk;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.function.Creator;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;
import java.util.concurrent.CompletionStage;

/** Byte sources over files, directories and input streams (stdin); all demand-driven. */
public final class FileSources {

    /** Bytes per read: 64 KiB. */
    public static final int CHUNK_BYTES = 64 * 1024;
    /** Tail poll interval when no new bytes are there (milliseconds). */
    public static final long TAIL_POLL_MILLIS = 50;

    private FileSources() {
    }

    /**
     * A file, or all regular files of a directory in name order.
     *
     * @param path a file or directory
     * @param from where to resume (a cursor from a previous run), or empty for the beginning
     * @param tail keep following appends (and new files in a directory) instead of ending
     */
    public static Source<Chunk, NotUsed> path(Path path, Optional<Cursor> from, boolean tail) {
        return Source.unfoldResource(
                        () -> new FileChunkReader(path, from, tail, TAIL_POLL_MILLIS, CHUNK_BYTES),
                        FileChunkReader::read,
                        FileChunkReader::close)
                .filter(c -> !c.bytes().isEmpty());
    }

    /** The whole of {@code path} from the beginning, no tailing. */
    public static Source<Chunk, NotUsed> path(Path path) {
        return path(path, Optional.empty(), false);
    }

    /** Standard input as chunks of source {@code stdin}. */
    public static Source<Chunk, CompletionStage<IOResult>> stdin() {
        return inputStream("stdin", () -> System.in);
    }

    /** Any input stream, read on the blocking-IO dispatcher, offsets counted from 0. */
    public static Source<Chunk, CompletionStage<IOResult>> inputStream(String name, Creator<InputStream> in) {
        return StreamConverters.fromInputStream(in, CHUNK_BYTES)
                .statefulMap(() -> 0L,
                        (Long off, ByteString b) -> Pair.create(off + b.size(), new Chunk(name, off, b)),
                        off -> Optional.empty());
    }
}
