package io.ordo.deploy.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ordo.deploy.dashboard.DashboardRoutes;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.PekkoManagement;

/**
 * The node's HTTP routes: {@code GET /metrics} (Prometheus text format 0.0.4, scraped from the
 * registry), Pekko Management's routes ({@code /alive}, {@code /ready}, and {@code /cluster/members}
 * on a clustered node), and the dashboard ({@code /}, {@code /events}).
 */
final class OpsRoutes extends AllDirectives {
    /** The Prometheus text exposition format. */
    static final ContentType PROMETHEUS_TEXT =
            ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

    private final ActorSystem<?> system;
    private final PrometheusMeterRegistry registry;
    private final DashboardRoutes dashboard;

    OpsRoutes(ActorSystem<?> system, PrometheusMeterRegistry registry, DashboardRoutes dashboard) {
        this.system = system;
        this.registry = registry;
        this.dashboard = dashboard;
    }

    Route route() {
        return concat(
                path("metrics", () -> get(() -> complete(
                        HttpResponse.create().withEntity(HttpEntities.create(PROMETHEUS_TEXT,
                                registry.scrape().getBytes(StandardCharsets.UTF_8)))))),
                PekkoManagement.get(Adapter.toClassic(system)).getRoutes(),
                dashboard.route());
    }
}
