package io.ordo.deploy.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The dashboard's routes:
 * <ul>
 *   <li>{@code GET /}: the page ({@code index.html}, {@code dashboard.js}, {@code dashboard.css}
 *       from this jar);</li>
 *   <li>{@code GET /assets/chart.umd.js}: Chart.js from its WebJar (no CDN at run time);</li>
 *   <li>{@code GET /events}: Server-Sent Events: {@code event: metric} with each line of the run's
 *       {@code metrics.jsonl} (from the first line, then as they are appended, polled every
 *       {@value #POLL_MILLIS} ms), and {@code event: node} with the {@link NodeView} snapshot every
 *       second.</li>
 * </ul>
 * Every JSON event is written by {@link DashboardJson} (HTML-safe), and every response carries a
 * Content-Security-Policy that allows only this server's own scripts, styles and connections (no
 * inline script or event handler attribute runs, even if markup ever reached the page), with
 * {@code nosniff}, {@code no-referrer} and no framing.
 */
public final class DashboardRoutes extends AllDirectives {
    static final long POLL_MILLIS = 250;
    private static final String RESOURCES = "io/ordo/deploy/dashboard/";
    /** The headers of every dashboard response. */
    static final List<HttpHeader> SECURITY_HEADERS = List.of(
            RawHeader.create("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                    + "frame-ancestors 'none'"),
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("Referrer-Policy", "no-referrer"),
            RawHeader.create("X-Frame-Options", "DENY"));
    private final Path metricsFile;
    private final NodeView view;
    private final String chartJs;

    public DashboardRoutes(Path outDir, NodeView view) {
        this.metricsFile = outDir.resolve("metrics.jsonl");
        this.view = view;
        this.chartJs = chartJsResource();
    }

    /** The path of {@code chart.umd.js} inside the Chart.js WebJar on the class path. */
    static String chartJsResource() {
        String pom = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(pom)) {
            if (in == null) {
                throw new IllegalStateException("the Chart.js WebJar (org.webjars.npm:chart.js) is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return "META-INF/resources/webjars/chart.js/" + p.getProperty("version") + "/dist/chart.umd.js";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Route route() {
        return get(() -> respondWithHeaders(SECURITY_HEADERS, () -> concat(
                pathSingleSlash(() -> getFromResource(RESOURCES + "index.html", ContentTypes.TEXT_HTML_UTF8)),
                path("dashboard.js", () -> getFromResource(RESOURCES + "dashboard.js")),
                path("dashboard.css", () -> getFromResource(RESOURCES + "dashboard.css")),
                pathPrefix("assets", () -> path("chart.umd.js", () -> getFromResource(chartJs))),
                path("events", () -> completeOK(events(), EventStreamMarshalling.toEventStream())))));
    }

    /** The event stream of one page: all metrics lines so far, then new ones and node snapshots. */
    Source<ServerSentEvent, NotUsed> events() {
        Source<ServerSentEvent, NotUsed> lines = Source.tick(Duration.ZERO, Duration.ofMillis(POLL_MILLIS), "poll")
                .statefulMapConcat(() -> {
                    MetricsTail tail = new MetricsTail(metricsFile);
                    return tick -> tail.poll().stream().map(DashboardJson::reencode).flatMap(Optional::stream)
                            .map(l -> ServerSentEvent.create(l, "metric")).toList();
                })
                .mapMaterializedValue(c -> NotUsed.getInstance());
        Source<ServerSentEvent, NotUsed> nodes = Source.tick(Duration.ZERO, Duration.ofSeconds(1), "node")
                .map(t -> ServerSentEvent.create(DashboardJson.write(view.snapshot()), "node"))
                .mapMaterializedValue(c -> NotUsed.getInstance());
        return lines.merge(nodes).keepAlive(Duration.ofSeconds(15), ServerSentEvent::heartbeat);
    }
}
