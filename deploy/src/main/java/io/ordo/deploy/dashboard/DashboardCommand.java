package io.ordo.deploy.dashboard;

import io.ordo.deploy.http.HttpToken;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ordo dashboard --out RUN_DIR}: serves the dashboard of a run directory (finished, or still
 * written by an {@code ordo train} elsewhere) until interrupted.
 *
 * <pre>
 * ./ordo dashboard --out runs/default              # then open http://127.0.0.1:9464/
 * ./ordo dashboard --out runs/ntp --http-port 8080 --http-host 0.0.0.0 --http-token-file ~/.ordo-token
 * </pre>
 *
 * With a token ({@code --http-token-file} or env {@value HttpToken#ENV}) every route needs it: open
 * {@code http://HOST:PORT/?token=TOKEN} once in a browser (see {@link io.ordo.deploy.http.TokenGate}).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve the dashboard (learning curves, checkpoints, config) of a run directory.")
public final class DashboardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "run directory (holds metrics.jsonl)")
    Path out;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "interface to bind (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--http-port", defaultValue = "9464", description = "port, 0 = any free port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--http-token-file", defaultValue = "", description = "file holding a bearer token every request "
            + "must carry (or env " + HttpToken.ENV + "); browsers open /?token=TOKEN once")
    String tokenFile;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(out)) {
            throw new IllegalArgumentException("run directory " + out + " does not exist");
        }
        if (!Files.exists(out.resolve("metrics.jsonl"))) {
            throw new IllegalArgumentException(out + " has no metrics.jsonl: not an ordo run directory");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--http-port " + port + "; allowed: 0 (any free port) or a port 1..65535");
        }
        var token = HttpToken.resolve("--http-token", "", "--http-token-file", tokenFile, System.getenv(HttpToken.ENV));
        DashboardServer server = DashboardServer.start(out, host, port, token);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }));
        PrintWriter w = spec.commandLine().getOut();
        w.println("ordo dashboard: " + out.toAbsolutePath() + " at " + server.uri() + (token.isPresent()
                ? " (token required: a browser opens " + server.uri() + "?token=TOKEN once)" : "") + " (Ctrl-C to stop)");
        w.flush();
        server.awaitTermination();
        return 0;
    }
}
