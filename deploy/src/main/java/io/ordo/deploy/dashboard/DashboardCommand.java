package io.ordo.deploy.dashboard;

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
 * ./ordo dashboard --out runs/ntp --http-port 8080 --http-host 0.0.0.0
 * </pre>
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

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(out)) {
            throw new IllegalArgumentException("run directory " + out + " does not exist");
        }
        if (!Files.exists(out.resolve("metrics.jsonl"))) {
            throw new IllegalArgumentException(out + " has no metrics.jsonl: not an ordo run directory");
        }
        DashboardServer server = DashboardServer.start(out, host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }));
        PrintWriter w = spec.commandLine().getOut();
        w.println("ordo dashboard: " + out.toAbsolutePath() + " at " + server.uri() + " (Ctrl-C to stop)");
        w.flush();
        server.awaitTermination();
        return 0;
    }
}
