package io.ordo.streams.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.StreamTest;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.TextRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolHttpIngestTest extends StreamTest {

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private ServerBinding binding;
    private Spool spool;

    @AfterEach
    void stop() throws Exception {
        if (binding != null) {
            binding.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        if (spool != null) {
            spool.close();
        }
    }

    private URI start(SpoolConfig cfg, IngestConfig ingest, BadInputCounters counters) throws Exception {
        spool = Spool.open(dir, cfg);
        binding = SpoolHttpIngest.bind(spool, ingest, counters, system).toCompletableFuture().get(5, TimeUnit.SECONDS);
        return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + SpoolHttpIngest.PATH);
    }

    private HttpResponse<String> post(URI uri, String body, Optional<String> token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswer200AfterAppendingAndTheRecordsAreReadable() throws Exception {
        BadInputCounters counters = new BadInputCounters();
        URI uri = start(SpoolTest.small(1), IngestConfig.loopback(0), counters);
        long before = spool.endPosition(0);
        HttpResponse<String> r = post(uri, "one\n\ntwo\n", Optional.empty());
        assertEquals(200, r.statusCode());
        assertEquals("{\"accepted\":2,\"rejected\":1}\n", r.body());
        assertTrue(spool.endPosition(0) > before, "appended before the answer");
        List<Framed> got = collect(spool.lane(0).records(Optional.empty()).take(2));
        assertEquals("one", ((TextRecord) got.get(0)).text());
        assertEquals("two", ((TextRecord) got.get(1)).text());
        assertEquals(1, counters.rejected(BadInputReason.EMPTY));
        assertEquals(2, counters.accepted());
        assertEquals(404, client.send(HttpRequest.newBuilder(uri.resolve("/other")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(405, client.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void shouldAnswer401WithoutTheToken() throws Exception {
        URI uri = start(SpoolTest.small(1), IngestConfig.loopback(0).withBearerToken("s3cret"), new BadInputCounters());
        assertEquals(401, post(uri, "a\n", Optional.empty()).statusCode());
        assertEquals(401, post(uri, "a\n", Optional.of("wrong")).statusCode());
        assertEquals(0, spool.endPosition(0));
        assertEquals(200, post(uri, "a\n", Optional.of("s3cret")).statusCode());
        assertEquals(9, spool.endPosition(0));
    }

    @Test
    void shouldAnswer413ForAnOverlongRecordAndAppendNothing() throws Exception {
        URI uri = start(SpoolTest.small(1), IngestConfig.loopback(0), new BadInputCounters());
        HttpResponse<String> r = post(uri, "fine\n" + "x".repeat(65) + "\nfine too\n", Optional.empty());
        assertEquals(413, r.statusCode());
        assertEquals(0, spool.endPosition(0));
    }

    @Test
    void shouldAnswer503WhenFullAndAcceptAgainAfterDeleteBefore() throws Exception {
        SpoolConfig cfg = new SpoolConfig(1, 256, 512, FsyncPolicy.ALWAYS, 64);
        URI uri = start(cfg, IngestConfig.loopback(0), new BadInputCounters());
        String body = ("0123456789".repeat(5) + "\n").repeat(2);
        int ok = 0;
        HttpResponse<String> r;
        while ((r = post(uri, body, Optional.empty())).statusCode() == 200) {
            ok++;
        }
        assertEquals(503, r.statusCode());
        assertEquals(Optional.of("1"), r.headers().firstValue("Retry-After"));
        assertEquals(116L * ok, spool.endPosition(0), "the refused request appended nothing");
        spool.deleteBefore(0, spool.endPosition(0));
        assertEquals(200, post(uri, body, Optional.empty()).statusCode());
    }
}
