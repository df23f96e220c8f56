package io.ordo.deploy.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
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
 */
public final class DashboardRoutes extends AllDirectives {
    static final long POLL_MILLIS = 250;
    private static final String RESOURCES = "io/ordo/deploy/dashboard/";
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
        return get(() -> concat(
                pathSingleSlash(() -> getFromResource(RESOURCES + "index.html", ContentTypes.TEXT_HTML_UTF8)),
                path("dashboard.js", () -> getFromResource(RESOURCES + "dashboard.js")),
                path("dashboard.css", () -> getFromResource(RESOURCES + "dashboard.css")),
                pathPrefix("assets", () -> path("chart.umd.js", () -> getFromResource(chartJs))),
                path("events", () -> completeOK(events(), EventStreamMarshalling.toEventStream()))));
    }

    /** The event stream of one page: all metrics lines so far, then new ones and node snapshots. */
    Source<ServerSentEvent, NotUsed> events() {
        Source<ServerSentEvent, NotUsed> lines = Source.tick(Duration.ZERO, Duration.ofMillis(POLL_MILLIS), "poll")
                .statefulMapConcat(() -> {
                    MetricsTail tail = new MetricsTail(metricsFile);
                    return tick -> tail.poll().stream().map(l -> ServerSentEvent.create(l, "metric")).toList();
                })
                .mapMaterializedValue(c -> NotUsed.getInstance());
        Source<ServerSentEvent, NotUsed> nodes = Source.tick(Duration.ZERO, Duration.ofSeconds(1), "node")
                .map(t -> ServerSentEvent.create(view.snapshot().toString(), "node"))
                .mapMaterializedValue(c -> NotUsed.getInstance());
        return lines.merge(nodes).keepAlive(Duration.ofSeconds(15), ServerSentEvent::heartbeat);
    }
}
