package io.ordo.deploy.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ordo dashboard --out DIR}: the page, Chart.js from the WebJar, and the event stream of a
 * run directory, which replays {@code metrics.jsonl} and follows lines appended later.
 */
class DashboardServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldServeThePageChartJsAndTheRunsMetricsAsServerSentEvents(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("metrics.jsonl"), """
                {"kind":"train","step":10,"time":1.0,"loss":3.2,"ntp":2.0,"top":1.2,"mtp":0.0,"lr":0.001,"grad_norm":1.5,"skipped":false,"step_seconds":0.02,"tokens_per_second":5000.0}
                {"kind":"eval","step":10,"time":1.5,"accuracy":0.25,"loss":3.0,"ntp":1.9,"top":1.1,"mtp":0.0,"examples":8,"eval_seconds":0.1}
                """);
        Files.writeString(run.resolve("config.conf"), "ordo.job { steps = 20 }\n");
        Files.createDirectories(run.resolve("checkpoints"));
        Files.write(run.resolve("checkpoints/step-000000000010.ckpt"), new byte[2048]);
        try (DashboardServer server = DashboardServer.start(run, "127.0.0.1", 0)) {
            URI base = server.uri();
            HttpResponse<String> page = get(base);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("id=\"loss-chart\"") && page.body().contains("assets/chart.umd.js"));
            HttpResponse<String> chart = get(base.resolve("assets/chart.umd.js"));
            assertEquals(200, chart.statusCode());
            assertTrue(chart.body().contains("Chart.js v4"), "Chart.js from the WebJar");
            assertEquals(200, get(base.resolve("dashboard.js")).statusCode());
            assertEquals(200, get(base.resolve("alive")).statusCode());

            HttpResponse<InputStream> events = HTTP.send(HttpRequest.newBuilder(base.resolve("events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertTrue(events.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                // The node snapshot and the file's lines may come in either order: read until both arrived.
                boolean[] node = {false};
                boolean[] eval = {false};
                List<Sse> seen = readUntil(in, e -> {
                    node[0] |= e.type().equals("node");
                    eval[0] |= e.data().contains("\"kind\":\"eval\"");
                    return node[0] && eval[0];
                });
                assertTrue(seen.stream().anyMatch(e -> e.type().equals("metric") && e.data().contains("\"kind\":\"train\"")),
                        seen.toString());
                assertTrue(seen.stream().anyMatch(e -> e.type().equals("metric") && e.data().contains("\"accuracy\":0.25")),
                        seen.toString());
                Sse snapshot = seen.stream().filter(e -> e.type().equals("node")).findFirst().orElseThrow();
                assertTrue(snapshot.data().contains("\"mode\":\"offline\"") && snapshot.data().contains("step-000000000010.ckpt")
                        && snapshot.data().contains("\"bytes\":2048"), snapshot.data());

                Files.writeString(run.resolve("metrics.jsonl"),
                        "{\"kind\":\"train\",\"step\":20,\"time\":2.0,\"loss\":2.5}\n", StandardOpenOption.APPEND);
                List<Sse> later = readUntil(in, e -> e.data().contains("\"step\":20"));
                assertEquals("metric", later.get(later.size() - 1).type(), later.toString());
            }
        }
    }

    @Test
    void shouldRefuseADirectoryWithoutMetrics(@TempDir Path dir) {
        java.io.StringWriter err = new java.io.StringWriter();
        var cli = io.ordo.deploy.cli.OrdoCommand.commandLine();
        cli.setErr(new java.io.PrintWriter(err));
        assertEquals(2, cli.execute("dashboard", "--out", dir.toString(), "--http-port", "0"));
        assertTrue(err.toString().contains("has no metrics.jsonl"), err.toString());
    }

    /** One server-sent event. */
    private record Sse(String type, String data) {
    }

    /** Reads events until one matches (10 s at most); returns those read. */
    private static List<Sse> readUntil(BufferedReader in, java.util.function.Predicate<Sse> stop) throws Exception {
        CompletableFuture<List<Sse>> f = CompletableFuture.supplyAsync(() -> {
            List<Sse> events = new ArrayList<>();
            String type = "message";
            StringBuilder data = new StringBuilder();
            try {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.isEmpty()) {
                        Sse e = new Sse(type, data.toString());
                        type = "message";
                        data.setLength(0);
                        if (e.data().isEmpty()) {
                            continue; // heartbeat
                        }
                        events.add(e);
                        if (stop.test(e)) {
                            return events;
                        }
                    } else if (l.startsWith("data:")) {
                        data.append(l.substring(5).strip());
                    } else if (l.startsWith("event:")) {
                        type = l.substring(6).strip();
                    }
                }
                return events;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
