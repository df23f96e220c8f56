package io.ordo.streams.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ordo.streams.StreamTest;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.frame.TextRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.Test;

class HttpIngestSourceTest extends StreamTest {

    @Test
    void shouldIngestPostedLinesAndAnswerWithTheirCount() throws Exception {
        Pair<CompletionStage<ServerBinding>, TestSubscriber.Probe<Framed>> p =
                HttpIngestSource.bind("127.0.0.1", 0, FramingConfig.sockets())
                        .toMat(TestSink.create(system), Keep.both()).run(mat);
        int port = p.first().toCompletableFuture().get(5, TimeUnit.SECONDS).localAddress().getPort();
        TestSubscriber.Probe<Framed> probe = p.second();
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + HttpIngestSource.PATH);
        CompletableFuture<HttpResponse<String>> resp = client.sendAsync(
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("one\ntwo\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        probe.request(2);
        assertEquals("one", ((TextRecord) probe.expectNext(Duration.ofSeconds(5))).text());
        assertEquals("two", ((TextRecord) probe.expectNext(Duration.ofSeconds(5))).text());
        HttpResponse<String> r = resp.get(5, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("records=2\n", r.body());
        HttpResponse<String> notFound = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, notFound.statusCode());
        probe.cancel();
    }
}
