package io.ordo.streams.spool;

import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.Chunk;
import io.ordo.streams.frame.FramingConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.io.TcpSO;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * A TCP server whose clients send newline-delimited records, each connection appended to the
 * spool through its own {@link SpoolSink} (lines over {@code maxRecordBytes} and other bad lines
 * are counted and dropped; an unterminated tail at disconnect is TRUNCATED). A full spool stops
 * the connection's reads until {@link Spool#deleteBefore} makes room.
 *
 * <p>TCP has no acknowledgement here: a client cannot know which of its records were appended.
 * A crash loses what the server had received but not yet appended: at most the receive buffer
 * ({@link #RECEIVE_BUFFER_BYTES}),
 * one batch being grouped ({@link SpoolSink#BATCH_BYTES}) and the stage buffers between them;
 * and, under {@link FsyncPolicy#NONE}, a machine crash also loses appended records still in the
 * page cache. Use HTTP when a sender must know its records are durable.
 */
public final class SpoolTcpIngest {

    /**
     * Receive buffer of each connection (SO_RCVBUF, set on the listening socket, so kernel
     * autotuning, which can reach several MiB, is off): 256 KiB. It bounds both how much a full
     * spool lets a client write before its writes block and what a crash can lose.
     */
    public static final int RECEIVE_BUFFER_BYTES = 256 * 1024;
    /** Pending connections the listening socket queues. */
    public static final int BACKLOG = 100;

    private SpoolTcpIngest() {
    }

    /** Binds the server; the binding gives the port. Unbind it to stop accepting connections. */
    public static CompletionStage<Tcp.ServerBinding> bind(Spool spool, IngestConfig config, BadInputCounters counters,
            ClassicActorSystemProvider system) {
        FramingConfig framing = FramingConfig.sockets().withMaxLineBytes(spool.config().maxRecordBytes());
        AtomicLong connections = new AtomicLong();
        return Tcp.get(system)
                .bind(config.host(), config.port(), BACKLOG, List.of(TcpSO.receiveBufferSize(RECEIVE_BUFFER_BYTES)), false,
                        Optional.empty())
                .to(Sink.foreach(conn -> {
                    String id = "tcp:" + conn.remoteAddress() + "#" + connections.incrementAndGet();
                    Sink<ByteString, ?> in = Flow.of(ByteString.class)
                            .statefulMap(() -> 0L,
                                    (Long off, ByteString b) -> Pair.create(off + b.size(), new Chunk(id, off, b)),
                                    off -> Optional.empty())
                            .to(SpoolSink.lines(spool, framing, counters, system));
                    conn.handleWith(Flow.fromSinkAndSourceCoupled(in, Source.<ByteString>maybe()), system);
                }))
                .run(system);
    }
}
