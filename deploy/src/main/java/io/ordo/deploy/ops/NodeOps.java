package io.ordo.deploy.ops;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.actors.metrics.TrainingMetrics;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunListeners;
import io.ordo.deploy.dashboard.DashboardRoutes;
import io.ordo.deploy.dashboard.LiveNodeView;
import io.ordo.deploy.health.Readiness;
import io.ordo.deploy.http.TokenGate;
import io.ordo.streams.net.BindFailure;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The operator surface of one training node: a Prometheus registry (training, actor, stream and
 * JVM meters), Pekko Management health ({@code /alive}, {@code /ready}; {@code /cluster/members}
 * when clustered), {@code /metrics} and the live dashboard, all on one Pekko HTTP server, behind the
 * optional bearer token ({@link OpsConfig#token()}, {@link TokenGate}).
 *
 * <p>Use: {@link #setup(Config)} when creating the actor system (it installs the
 * {@link OrdoMetrics} extension, the instrumented mailbox and the health checks),
 * {@link #listener()} alongside the run's other listeners, then {@link #start} once the system
 * runs. With {@link OpsConfig#off()} it does nothing and the system is created as before.
 */
public final class NodeOps implements AutoCloseable {
    private final OpsConfig config;
    private final PrintWriter announce;
    private final PrometheusMeterRegistry registry;
    private final OrdoMetrics metrics;
    private final TrainingMetrics training;
    private final JvmGcMetrics gc;
    private volatile ServerBinding binding;
    private final CompletableFuture<Optional<URI>> bound = new CompletableFuture<>();
    private final AtomicBoolean announced = new AtomicBoolean();

    private NodeOps(OpsConfig config, PrintWriter announce) {
        this.config = config;
        this.announce = announce;
        if (config.enabled()) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            metrics = new OrdoMetrics(registry);
            training = new TrainingMetrics(registry, metrics.status());
        } else {
            registry = null;
            gc = null;
            metrics = null;
            training = null;
        }
    }

    /** The node's operations as {@code config} says; {@code announce} gets the endpoint's address. */
    public static NodeOps create(OpsConfig config, PrintWriter announce) {
        return new NodeOps(config, announce);
    }

    /** No HTTP endpoint, no instrumentation. */
    public static NodeOps off() {
        return new NodeOps(OpsConfig.off(), null);
    }

    /**
     * The listener that feeds the training meters (a no-op when off). Put it before the console's
     * listener: at the run's start it prints the endpoint's address (waiting up to 10 s for the
     * binding), so the line comes before the progress bar.
     */
    public RunListener listener() {
        if (training == null) {
            return new RunListener() {
            };
        }
        return RunListeners.of(new RunListener() {
            @Override
            public void onStart(long firstStep, long totalSteps, long parameters) {
                try {
                    bound.get(10, TimeUnit.SECONDS).ifPresent(uri -> announceOnce(uri));
                } catch (Exception e) {
                    // not bound yet: start() announces it when it is
                }
            }
        }, training);
    }

    /** The metrics of this node, when on. */
    public Optional<OrdoMetrics> metrics() {
        return Optional.ofNullable(metrics);
    }

    /**
     * The actor-system setup: {@code base} plus, when on, the instrumented mailbox as the typed
     * default, the readiness checks, the Pekko Management routes fit for a clustered or a single
     * node, and the {@link OrdoMetrics} extension.
     */
    public ActorSystemSetup setup(Config base) {
        if (!config.enabled()) {
            return ActorSystemSetup.create(BootstrapSetup.create(base));
        }
        Map<String, Object> o = new HashMap<>();
        o.put("pekko.actor.typed.default-mailbox.mailbox-type", "io.ordo.actors.metrics.InstrumentedMailbox");
        o.put("pekko.actor.typed.default-mailbox.guardian-type", "supervisor");
        o.put("pekko.management.health-checks.readiness-checks.ordo-trainer-running", TrainerRunningCheck.class.getName());
        o.put("pekko.management.health-checks.readiness-checks.ordo-data-flowing", DataFlowingCheck.class.getName());
        o.put("pekko.management.health-checks.readiness-checks.ordo-checkpoints-durable",
                CheckpointsDurableCheck.class.getName());
        o.put(Readiness.DATA_TIMEOUT_PATH, config.dataTimeout().toMillis() + "ms");
        if (!isClusterProvider(base)) {
            // pekko-management-cluster-http and pekko-cluster-sharding register these for clustered nodes.
            o.put("pekko.management.http.routes.cluster-management", "");
            o.put("pekko.management.health-checks.readiness-checks.cluster-membership", "");
            o.put("pekko.management.health-checks.readiness-checks.sharding", "");
        }
        Config c = ConfigFactory.parseMap(o).withFallback(base);
        return ActorSystemSetup.create(BootstrapSetup.create(c)).withSetup(OrdoMetrics.setup(metrics));
    }

    private static boolean isClusterProvider(Config c) {
        String p = c.hasPath("pekko.actor.provider") ? c.getString("pekko.actor.provider") : "local";
        return p.equals("cluster") || p.equals("org.apache.pekko.cluster.ClusterActorRefProvider");
    }

    /**
     * Binds the HTTP endpoint for the run in {@code outDir} (its {@code metrics.jsonl} feeds the
     * dashboard). A port in use is reported and the run goes on without the endpoint.
     *
     * @return the dashboard's address, empty when off or not bound
     */
    public Optional<URI> start(ActorSystem<?> system, Path outDir) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        var routes = new OpsRoutes(system, registry,
                new DashboardRoutes(outDir, new LiveNodeView(system, metrics, outDir, config.dataTimeout())));
        try {
            binding = Http.get(system).newServerAt(config.host(), config.port())
                    .bind(new TokenGate(config.token()).protect(routes.route()))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = BindFailure.describe(e, config.host(), config.port()).orElse(config.host() + ":" + config.port()
                    + " cannot be bound (" + cause.getMessage() + ")");
            say("ordo: no HTTP endpoint: " + why + "; the run goes on without it; set ordo.job." + OpsConfig.PORT_KEY
                    + " / --http-port (0 = any free port, -1 = off) or ordo.job." + OpsConfig.HOST_KEY + " / --http-host");
            bound.complete(Optional.empty());
            return Optional.empty();
        }
        var a = binding.localAddress();
        URI uri = URI.create("http://" + hostForUrl(config.host()) + ":" + a.getPort() + "/");
        bound.complete(Optional.of(uri));
        if (metrics.status().step() >= 0) {
            announceOnce(uri); // the run started before the binding: say it now
        }
        return Optional.of(uri);
    }

    private void announceOnce(URI uri) {
        if (!announced.getAndSet(true)) {
            say("ordo: dashboard " + uri + "  (metrics " + uri + "metrics, health " + uri + "alive " + uri + "ready)"
                    + (config.token().isPresent() ? "; token required: send Authorization: Bearer TOKEN, or open "
                    + uri + "?token=TOKEN once in a browser" : ""));
        }
    }

    private static String hostForUrl(String host) {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    private void say(String line) {
        if (announce != null) {
            announce.println(line);
            announce.flush();
        }
    }

    /** The bound address, when bound. */
    public Optional<ServerBinding> binding() {
        return Optional.ofNullable(binding);
    }

    @Override
    public void close() {
        ServerBinding b = binding;
        if (b != null) {
            b.unbind();
        }
        if (gc != null) {
            gc.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
