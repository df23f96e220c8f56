package io.ordo.streams.spool;

import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.frame.Chunk;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Framing;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.frame.Rejected;
import io.ordo.streams.frame.TextRecord;
import io.ordo.streams.net.BearerToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * HTTP ingest into the spool (pekko-http-core): {@code POST /ingest} with newline-delimited
 * records. The response is sent only after the append returned, so a {@code 200} means every
 * accepted record is durable per the spool's {@link FsyncPolicy}:
 * <ul>
 *   <li>{@code 200 {"accepted":N,"rejected":M}}: the request's good records appended, as one batch
 *       to one lane, in order (a body is complete, so a last line without a newline is a record);
 *       bad lines (empty, bad UTF-8, control characters) counted as rejected in the {@link BadInputCounters} and not spooled;</li>
 *   <li>{@code 503} with {@code Retry-After} (seconds): the spool is at its cap, nothing appended;</li>
 *   <li>{@code 413}: a line longer than {@code maxRecordBytes}, or a request larger than a segment
 *       or than pekko's {@code max-content-length} (8 MiB by default): nothing appended;</li>
 *   <li>{@code 401}: a bearer token is configured and the request does not carry it;</li>
 *   <li>{@code 404} for other paths, {@code 405} for other methods, {@code 500} if the append failed.</li>
 * </ul>
 */
public final class SpoolHttpIngest {

    /** The ingest path. */
    public static final String PATH = "/ingest";
    /** The {@code Retry-After} of a 503 (seconds). */
    public static final int RETRY_AFTER_SECONDS = 1;

    private final Spool spool;
    private final IngestConfig config;
    private final BadInputCounters counters;
    private final FramingConfig framing;
    private final Materializer mat;
    private final Executor blocking;
    private final AtomicLong requests = new AtomicLong();
    private final Optional<BearerToken> token;

    private SpoolHttpIngest(Spool spool, IngestConfig config, BadInputCounters counters, ClassicActorSystemProvider system) {
        this.spool = spool;
        this.config = config;
        this.counters = counters;
        this.framing = FramingConfig.files().withMaxLineBytes(spool.config().maxRecordBytes());
        this.mat = Materializer.matFromSystem(system);
        this.blocking = SpoolSink.blockingExecutor(system);
        this.token = config.bearerToken().flatMap(BearerToken::of);
    }

    /** Binds the endpoint; the binding gives the port. */
    public static CompletionStage<ServerBinding> bind(Spool spool, IngestConfig config, BadInputCounters counters,
            ClassicActorSystemProvider system) {
        SpoolHttpIngest ingest = new SpoolHttpIngest(spool, config, counters, system);
        return Http.get(system.classicSystem()).newServerAt(config.host(), config.port()).bind(ingest::handle);
    }

    private CompletionStage<HttpResponse> handle(HttpRequest req) {
        if (!req.getUri().path().equals(PATH)) {
            return refuse(req, StatusCodes.NOT_FOUND);
        }
        if (!req.method().equals(HttpMethods.POST)) {
            return refuse(req, StatusCodes.METHOD_NOT_ALLOWED);
        }
        if (token.isPresent() && !token.get().admits(req)) {
            return refuse(req, StatusCodes.UNAUTHORIZED).thenApply(r -> r.addHeader(
                    RawHeader.create("WWW-Authenticate", "Bearer")));
        }
        String id = "http#" + requests.incrementAndGet();
        return req.entity().getDataBytes()
                .statefulMap(() -> 0L,
                        (Long off, ByteString b) -> Pair.create(off + b.size(), new Chunk(id, off, b)),
                        off -> Optional.empty())
                .via(Framing.lines(framing))
                .runWith(Sink.seq(), mat)
                .thenCompose(this::append)
                .exceptionally(SpoolHttpIngest::failure);
    }

    private CompletionStage<HttpResponse> append(List<Framed> framed) {
        List<byte[]> records = new ArrayList<>(framed.size());
        List<Rejected> rejected = new ArrayList<>();
        long bytes = 0;
        for (Framed f : framed) {
            if (f instanceof TextRecord r) {
                byte[] b = r.text().getBytes(StandardCharsets.UTF_8);
                records.add(b);
                bytes += SpoolFrame.frameBytes(b.length);
            } else {
                rejected.add((Rejected) f);
            }
        }
        if (rejected.stream().anyMatch(r -> r.reason() == BadInputReason.OVERLONG)) {
            rejected.stream().filter(r -> r.reason() == BadInputReason.OVERLONG).forEach(r -> counters.reject(r.reason()));
            return done(StatusCodes.PAYLOAD_TOO_LARGE, "a record is longer than " + spool.config().maxRecordBytes()
                    + " bytes; nothing appended");
        }
        if (bytes > spool.config().segmentBytes()) {
            return done(StatusCodes.PAYLOAD_TOO_LARGE, "request of " + bytes + " framed bytes is larger than a segment ("
                    + spool.config().segmentBytes() + "); nothing appended");
        }
        return CompletableFuture.supplyAsync(() -> spool.append(records), blocking).thenApply(result -> {
            if (result instanceof AppendResult.SpoolFull) {
                return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE)
                        .addHeader(RawHeader.create("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)))
                        .withEntity("spool full; nothing appended\n");
            }
            rejected.forEach(r -> counters.reject(r.reason()));
            records.forEach(r -> counters.accept());
            return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                    "{\"accepted\":" + records.size() + ",\"rejected\":" + rejected.size() + "}\n"));
        });
    }

    private static HttpResponse failure(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof org.apache.pekko.http.scaladsl.model.EntityStreamSizeException) {
            return HttpResponse.create().withStatus(StatusCodes.PAYLOAD_TOO_LARGE).withEntity(cause.getMessage() + "\n");
        }
        return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR).withEntity(cause + "\n");
    }

    private CompletionStage<HttpResponse> refuse(HttpRequest req, StatusCode status) {
        req.discardEntityBytes(mat);
        return CompletableFuture.completedFuture(HttpResponse.create().withStatus(status));
    }

    private static CompletionStage<HttpResponse> done(StatusCode status, String body) {
        return CompletableFuture.completedFuture(HttpResponse.create().withStatus(status).withEntity(body + "\n"));
    }
}
