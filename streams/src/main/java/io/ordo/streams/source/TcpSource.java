package io.ordo.streams.source;

import io.ordo.streams.frame.Chunk;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Framing;
import io.ordo.streams.frame.FramingConfig;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * A TCP server whose clients send newline-delimited records. Each connection is framed on its
 * own (a client that disconnects mid-record yields one TRUNCATED rejection), then all connections
 * merge into one source through a {@link MergeHub} whose per-client buffer is bounded, so a slow
 * consumer back-pressures every client's TCP window. Records carry the source
 * {@code tcp:<remote>#<connection number>} and byte offsets within that connection.
 *
 * <p>The materialized value completes with the bound server once listening (port 0 picks a free
 * port); cancelling the source unbinds it.
 */
public final class TcpSource {

    /** Records buffered per connection before its reads are back-pressured. */
    public static final int PER_CONNECTION_BUFFER = 16;

    private TcpSource() {
    }

    /**
     * @param host    interface to bind, e.g. {@code 127.0.0.1}
     * @param port    port, or 0 for any free one
     * @param framing line framing (use {@link FramingConfig#sockets()})
     */
    public static Source<Framed, CompletionStage<Tcp.ServerBinding>> bind(String host, int port, FramingConfig framing) {
        return Source.<Framed, CompletionStage<Tcp.ServerBinding>>fromMaterializer((mat, attrs) -> {
            Pair<Sink<Framed, NotUsed>, Source<Framed, NotUsed>> hub =
                    MergeHub.of(Framed.class, PER_CONNECTION_BUFFER).preMaterialize(mat);
            AtomicLong connections = new AtomicLong();
            CompletionStage<Tcp.ServerBinding> binding = Tcp.get(mat.system()).bind(host, port)
                    .to(Sink.foreach(conn -> {
                        String id = "tcp:" + conn.remoteAddress() + "#" + connections.incrementAndGet();
                        Sink<ByteString, NotUsed> in = Flow.of(ByteString.class)
                                .statefulMap(() -> 0L,
                                        (Long off, ByteString b) -> Pair.create(off + b.size(), new Chunk(id, off, b)),
                                        off -> java.util.Optional.empty())
                                .via(Framing.lines(framing))
                                .to(hub.first());
                        conn.handleWith(Flow.fromSinkAndSourceCoupled(in, Source.<ByteString>maybe()), mat);
                    }))
                    .run(mat);
            return hub.second()
                    .watchTermination((NotUsed n, CompletionStage<Done> done) -> {
                        done.whenComplete((d, e) -> binding.thenAccept(Tcp.ServerBinding::unbind));
                        return binding;
                    });
        }).mapMaterializedValue(cs -> cs.thenCompose(b -> b));
    }
}
