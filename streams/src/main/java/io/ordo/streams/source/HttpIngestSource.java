package io.ordo.streams.source;

import io.ordo.streams.frame.Chunk;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Framing;
import io.ordo.streams.frame.FramingConfig;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * An HTTP ingest endpoint (pekko-http-core): {@code POST /ingest} with a body of newline-delimited
 * records. The body streams into the pipeline through a bounded {@link MergeHub}, so a slow
 * consumer back-pressures the upload; the response (200, {@code records=<n>}) is sent once the body
 * has been framed. A body cut off mid-record yields a TRUNCATED rejection. Other paths get 404,
 * other methods 405. Records carry the source {@code http#<request number>}.
 */
public final class HttpIngestSource {

    /** The ingest path. */
    public static final String PATH = "/ingest";

    private HttpIngestSource() {
    }

    /**
     * @param host    interface to bind, e.g. {@code 127.0.0.1}
     * @param port    port, or 0 for any free one
     * @param framing line framing (use {@link FramingConfig#sockets()})
     */
    public static Source<Framed, CompletionStage<ServerBinding>> bind(String host, int port, FramingConfig framing) {
        return Source.<Framed, CompletionStage<ServerBinding>>fromMaterializer((mat, attrs) -> {
            Pair<Sink<Framed, NotUsed>, Source<Framed, NotUsed>> hub =
                    MergeHub.of(Framed.class, TcpSource.PER_CONNECTION_BUFFER).preMaterialize(mat);
            AtomicLong requests = new AtomicLong();
            org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> handler = req -> {
                if (!req.getUri().path().equals(PATH)) {
                    req.discardEntityBytes(mat);
                    return java.util.concurrent.CompletableFuture.completedFuture(
                            HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
                }
                if (!req.method().equals(HttpMethods.POST)) {
                    req.discardEntityBytes(mat);
                    return java.util.concurrent.CompletableFuture.completedFuture(
                            HttpResponse.create().withStatus(StatusCodes.METHOD_NOT_ALLOWED));
                }
                return ingest(req, "http#" + requests.incrementAndGet(), framing, hub.first(), mat);
            };
            CompletionStage<ServerBinding> binding = Http.get(mat.system()).newServerAt(host, port).bind(handler);
            return hub.second().watchTermination((NotUsed n, CompletionStage<Done> done) -> {
                done.whenComplete((d, e) -> binding.thenAccept(b -> b.unbind()));
                return binding;
            });
        }).mapMaterializedValue(cs -> cs.thenCompose(b -> b));
    }

    private static CompletionStage<HttpResponse> ingest(HttpRequest req, String id, FramingConfig framing,
            Sink<Framed, NotUsed> hub, org.apache.pekko.stream.Materializer mat) {
        AtomicLong records = new AtomicLong();
        return req.entity().getDataBytes()
                .statefulMap(() -> 0L,
                        (Long off, ByteString b) -> Pair.create(off + b.size(), new Chunk(id, off, b)),
                        off -> java.util.Optional.empty())
                .via(Framing.lines(framing))
                .map(f -> {
                    records.incrementAndGet();
                    return f;
                })
                .watchTermination(Keep.right())
                .to(hub)
                .run(mat)
                .handle((d, e) -> e == null
                        ? HttpResponse.create().withEntity("records=" + records.get() + "\n")
                        : HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST).withEntity(String.valueOf(e)));
    }
}
