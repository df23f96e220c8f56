package io.ordo.deploy.dashboard;

import io.ordo.deploy.http.TokenGate;
import io.ordo.streams.net.BearerToken;
import io.ordo.streams.net.BindFailure;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.AllDirectives;

/**
 * The dashboard of a run directory on its own (no training in this process): the learning curves
 * from its {@code metrics.jsonl} (also while another process still appends to it), its config and
 * checkpoint files. Also answers {@code /alive}. With a token, every route is behind it ({@link TokenGate}).
 */
public final class DashboardServer implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final ServerBinding binding;
    private final URI uri;

    private DashboardServer(ActorSystem<Void> system, ServerBinding binding, URI uri) {
        this.system = system;
        this.binding = binding;
        this.uri = uri;
    }

    /** Serves the dashboard of {@code outDir} on {@code host:port} (0 = any free port), without a token. */
    public static DashboardServer start(Path outDir, String host, int port) throws Exception {
        return start(outDir, host, port, Optional.empty());
    }

    /**
     * Serves the dashboard of {@code outDir} on {@code host:port} (0 = any free port), behind {@code token}.
     *
     * @throws IllegalStateException when the address cannot be bound (in use, not this machine's)
     */
    public static DashboardServer start(Path outDir, String host, int port, Optional<BearerToken> token)
            throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ordo-dashboard");
        try {
            var routes = new DashboardRoutes(outDir, new RunDirView(outDir));
            var d = new AllDirectives() {
            };
            var route = d.concat(d.path("alive", () -> d.get(() -> d.complete("OK"))), routes.route());
            ServerBinding b;
            try {
                b = Http.get(system).newServerAt(host, port).bind(new TokenGate(token).protect(route))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                Optional<String> why = BindFailure.describe(e, host, port);
                if (why.isEmpty()) {
                    throw e;
                }
                throw new IllegalStateException("cannot serve the dashboard: " + why.get()
                        + "; choose another --http-port (0 = any free port) or --http-host");
            }
            String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
            return new DashboardServer(system, b, URI.create("http://" + h + ":" + b.localAddress().getPort() + "/"));
        } catch (Exception e) {
            system.terminate();
            throw e;
        }
    }

    public URI uri() {
        return uri;
    }

    /** The bound address. */
    public java.net.InetSocketAddress localAddress() {
        return binding.localAddress();
    }

    /** Blocks until the server's actor system stops. */
    public void awaitTermination() throws Exception {
        system.getWhenTerminated().toCompletableFuture().get();
    }

    @Override
    public void close() throws Exception {
        binding.unbind();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
