package io.ordo.streams.spool;

import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.source.FileSources;
import java.io.InputStream;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.japi.function.Creator;
import org.apache.pekko.stream.javadsl.Keep;

/**
 * Appends the lines of an input stream (stdin) to the spool, as {@link SpoolTcpIngest} does for a
 * connection: batched, back-pressured while the spool is full, nothing acknowledged. A final line
 * without a newline is a record (as for files). On a crash, what was read but not yet appended is
 * lost.
 */
public final class SpoolStdinIngest {

    private SpoolStdinIngest() {
    }

    /** Runs until end of stream; completes once every line is appended. */
    public static CompletionStage<Done> run(Spool spool, String name, Creator<InputStream> in, BadInputCounters counters,
            ClassicActorSystemProvider system) {
        FramingConfig framing = FramingConfig.files().withMaxLineBytes(spool.config().maxRecordBytes());
        return FileSources.inputStream(name, in)
                .toMat(SpoolSink.lines(spool, framing, counters, system), Keep.right())
                .run(system);
    }

    /** Standard input, until it closes. */
    public static CompletionStage<Done> stdin(Spool spool, BadInputCounters counters, ClassicActorSystemProvider system) {
        return run(spool, "stdin", () -> System.in, counters, system);
    }
}
