package io.ordo.deploy.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run data with markup in it ({@link HostileRun}) reaches the dashboard over HTTP only as data: the
 * page is static, every event is JSON written by Jackson with {@code < > & '} escaped (no raw
 * markup anywhere in the stream), the strings come back intact once parsed, a line that is not
 * JSON is dropped, and every response carries the Content-Security-Policy.
 */
class DashboardEscapingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldSendRunDataAsEscapedJsonOnlyAndServeAStaticPageWithACsp(@TempDir Path parent) throws Exception {
        Path run = HostileRun.create(parent);
        try (DashboardServer server = DashboardServer.start(run, "127.0.0.1", 0)) {
            URI base = server.uri();
            for (String path : List.of("", "dashboard.js", "dashboard.css")) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"),
                        path + ": " + r.headers().map());
                assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
                for (String payload : HostileRun.PAYLOADS) {
                    assertFalse(r.body().contains(payload), path + " holds no run data");
                }
            }
            HttpResponse<InputStream> events = HTTP.send(HttpRequest.newBuilder(base.resolve("events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            List<String[]> seen = read(events.body(), 4); // until 4 metrics events (and a node snapshot)
            StringBuilder raw = new StringBuilder();
            List<JsonNode> metrics = new ArrayList<>();
            JsonNode node = null;
            for (String[] e : seen) {
                raw.append(e[1]).append('\n');
                JsonNode n = JSON.readTree(e[1]);
                if (e[0].equals("node")) {
                    node = n;
                } else {
                    metrics.add(n);
                }
            }
            assertFalse(raw.toString().contains("<") || raw.toString().contains(">"), "no raw markup in the stream: " + raw);
            assertTrue(raw.toString().contains("\\u003Cimg") || raw.toString().contains("\\u003cimg"), raw.toString());
            assertEquals(4, metrics.size(), "the line that is not JSON is dropped: " + raw);
            assertEquals(HostileRun.SCRIPT, metrics.get(0).get("note").asText(), "strings come back intact");
            assertEquals(HostileRun.FLAG_IMG, metrics.get(2).get("examples").asText());
            assertTrue(metrics.get(3).get("file").asText().endsWith("/" + HostileRun.IMG + ".ckpt"));
            assertEquals(Files.readString(run.resolve("config.conf")), node.get("config").asText());
            assertEquals(run.toAbsolutePath().toString(), node.get("out").asText());
            assertTrue(node.get("checkpoints").get(0).get("file").asText().endsWith(HostileRun.IMG + ".ckpt"));
        }
    }

    /** Data-carrying events as {type, data} until {@code n} metrics and one node snapshot came, within 10 s. */
    private static List<String[]> read(InputStream body, int n) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            List<String[]> out = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String type = "message";
                StringBuilder data = new StringBuilder();
                for (String l = in.readLine(); l != null && !enough(out, n); l = in.readLine()) {
                    if (l.isEmpty()) {
                        if (data.length() > 0) {
                            out.add(new String[] {type, data.toString()});
                        }
                        type = "message";
                        data.setLength(0);
                    } else if (l.startsWith("data:")) {
                        data.append(l.substring(5).strip());
                    } else if (l.startsWith("event:")) {
                        type = l.substring(6).strip();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return out;
        }).get(10, TimeUnit.SECONDS);
    }

    private static boolean enough(List<String[]> events, int metrics) {
        return events.stream().filter(e -> e[0].equals("metric")).count() >= metrics
                && events.stream().anyMatch(e -> e[0].equals("node"));
    }
}
