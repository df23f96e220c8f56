package io.ordo.deploy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ordo.deploy.JobConfig;
import io.ordo.deploy.dashboard.DashboardServer;
import io.ordo.deploy.http.HttpToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional bearer token of the node's HTTP endpoint and of {@code ordo dashboard}, over real
 * HTTP on 127.0.0.1: every route answers 401 without the token or with a wrong one and serves it
 * with {@code Authorization: Bearer}; a browser trades {@code ?token=} for a session cookie once.
 */
class HttpTokenTest {
    private static final String TOKEN = "0f3c9a7e5b1d2468ace013579bdf2468";
    /** Every route of the node: metrics, health, the dashboard page, its assets and its event stream. */
    private static final List<String> NODE_PATHS = List.of("metrics", "alive", "ready", "", "dashboard.js",
            "dashboard.css", "assets/chart.umd.js", "events");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void shouldAnswer401WithoutTheTokenAnd200WithItOnEveryRouteOfTheNode(@TempDir Path out) throws Exception {
        Path tokenFile = Files.writeString(out.resolve("token"), TOKEN + "\n");
        OpsConfig config = OpsConfig.from(job(Map.of("ordo.job.http.port", 0, "ordo.job.http.token-file",
                tokenFile.toString())), null);
        Files.writeString(out.resolve("metrics.jsonl"), "");
        NodeOps ops = NodeOps.create(config, new PrintWriter(new StringWriter()));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "token-test", ops.setup(ConfigFactory.load()));
        try {
            URI base = ops.start(system, out).orElseThrow();
            for (String path : NODE_PATHS) {
                URI uri = base.resolve(path);
                HttpResponse<String> none = send(uri, null, null);
                assertEquals(401, none.statusCode(), uri + " without a token");
                assertEquals("Bearer realm=\"ordo\"", none.headers().firstValue("WWW-Authenticate").orElse(""), uri.toString());
                assertEquals(401, send(uri, "Bearer " + TOKEN + "x", null).statusCode(), uri + " with a wrong token");
                assertEquals(401, send(uri, "Basic " + TOKEN, null).statusCode(), uri + " with another scheme");
                int with = send(uri, "Bearer " + TOKEN, null).statusCode();
                // /ready is 500 here (no trainer); the token let the request through either way
                assertEquals(path.equals("ready") ? 500 : 200, with, uri + " with the token");
            }
            assertTrue(send(base.resolve("metrics"), "Bearer " + TOKEN, null).body().contains("jvm_memory_used_bytes"));
        } finally {
            ops.close();
            system.terminate();
        }
    }

    @Test
    void shouldLetABrowserTradeTheTokenInTheAddressForASessionCookieOnOrdoDashboard(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("metrics.jsonl"), "{\"kind\":\"train\",\"step\":1,\"loss\":2.0}\n");
        var token = HttpToken.resolve("t", TOKEN, "f", "", null);
        try (DashboardServer server = DashboardServer.start(run, "127.0.0.1", 0, token)) {
            URI base = server.uri();
            assertEquals(401, send(base, null, null).statusCode());
            assertEquals(401, send(base.resolve("events"), null, null).statusCode());
            assertEquals(401, send(base.resolve("alive"), null, null).statusCode());
            assertEquals(401, send(URI.create(base + "?token=wrong"), null, null).statusCode());
            assertEquals(200, send(base.resolve("alive"), "Bearer " + TOKEN, null).statusCode());

            HttpResponse<String> login = send(URI.create(base + "?token=" + TOKEN + "&x=1"), null, null);
            assertEquals(303, login.statusCode(), login.body());
            assertEquals("/?x=1", login.headers().firstValue("Location").orElse(""), "the token leaves the address");
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"),
                    setCookie);
            assertFalse(setCookie.contains(TOKEN), "the cookie holds a value derived from the token, not the token");
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            assertTrue(cookie.startsWith("ordo_session_"), cookie);
            for (String path : List.of("", "dashboard.js", "assets/chart.umd.js", "events", "alive")) {
                assertEquals(200, send(base.resolve(path), null, cookie).statusCode(), path + " with the session cookie");
            }
            String forged = cookie.substring(0, cookie.indexOf('=') + 1) + TOKEN;
            assertEquals(401, send(base.resolve("events"), null, forged).statusCode(), "the token itself is no session");
        }
    }

    @Test
    void shouldReadTheTokenFromTheKeyTheFileOrTheEnvironmentAndRefuseBadOnes(@TempDir Path dir) throws Exception {
        assertTrue(OpsConfig.from(job(Map.of()), null).token().isEmpty(), "no token by default");
        assertTrue(OpsConfig.from(job(Map.of("ordo.job.http.token", TOKEN)), null).token().orElseThrow().matches(TOKEN));
        assertTrue(OpsConfig.from(job(Map.of()), TOKEN).token().orElseThrow().matches(TOKEN), "env " + HttpToken.ENV);
        Path file = Files.writeString(dir.resolve("t"), "  " + TOKEN + "\n");
        assertTrue(OpsConfig.from(job(Map.of("ordo.job.http.token-file", file.toString())), "other").token().orElseThrow()
                .matches(TOKEN), "a file wins over the environment");
        var both = assertThrows(IllegalArgumentException.class, () -> OpsConfig.from(job(Map.of("ordo.job.http.token",
                TOKEN, "ordo.job.http.token-file", file.toString())), null));
        assertTrue(both.getMessage().contains("ordo.job.http.token and ordo.job.http.token-file are both set"), both.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> OpsConfig.from(job(Map.of("ordo.job.http.token-file",
                Files.writeString(dir.resolve("empty"), "\n").toString())), null));
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
        var spaced = assertThrows(IllegalArgumentException.class, () -> OpsConfig.from(job(Map.of("ordo.job.http.token",
                "two words")), null));
        assertTrue(spaced.getMessage().startsWith("ordo.job.http.token: ") && spaced.getMessage().contains("white space"),
                spaced.getMessage());
    }

    @Test
    void shouldNotWriteTokensIntoTheRunsConfigFile() {
        Config c = JobConfig.load(null, Map.of("ordo.job.http.token", TOKEN, "ordo.job.live.ingest-token", "ingest-" + TOKEN));
        String rendered = JobConfig.render(c);
        assertFalse(rendered.contains(TOKEN), rendered);
        Config written = com.typesafe.config.ConfigFactory.parseString(rendered);
        assertEquals("<redacted>", written.getString("ordo.job.http.token"), rendered);
        assertEquals("<redacted>", written.getString("ordo.job.live.ingest-token"), rendered);
        assertEquals("", com.typesafe.config.ConfigFactory.parseString(JobConfig.render(JobConfig.load(null, Map.of())))
                .getString("ordo.job.http.token"));
    }

    private static Config job(Map<String, Object> overrides) {
        return JobConfig.load(null, overrides).getConfig(JobConfig.PREFIX);
    }

    /** A GET with an optional Authorization and Cookie header; an event stream is closed after its headers. */
    private static HttpResponse<String> send(URI uri, String authorization, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (uri.getPath().endsWith("/events")) {
            HttpResponse<java.io.InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = r.statusCode();
            String body = status == 200 ? "" : new String(r.body().readAllBytes());
            r.body().close();
            return new Fixed(r, status, body);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A response whose body was read (or skipped, for an endless event stream) by hand. */
    private record Fixed(HttpResponse<?> r, int statusCode, String body) implements HttpResponse<String> {
        public HttpRequest request() {
            return r.request();
        }

        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return r.headers();
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return r.sslSession();
        }

        public URI uri() {
            return r.uri();
        }

        public HttpClient.Version version() {
            return r.version();
        }
    }
}
