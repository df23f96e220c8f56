package io.ordo.deploy.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * {@code ordo launch --standalone}: starts one JVM per node on this host (same JVM flags and
 * classpath), each an {@code ordo launch --node-rank i} with its own ports, relays their output
 * prefixed with the node rank, and exits with the worst exit code of the nodes' last runs.
 *
 * <p>With {@code maxRestarts > 0} it also supervises them, as torchrun's {@code --max-restarts}
 * does: a node that exits non-zero (killed, downed by the split-brain resolver, failed) while no
 * node has finished the run is started again with {@code --resume}, on the same ports, up to
 * {@code maxRestarts} times in all; it rejoins the cluster and the ring re-forms with it. Once one
 * node has finished, a node that dies is not restarted and its exit code counts.
 */
final class StandaloneLauncher {
    private static final long POLL_MS = 50;

    private StandaloneLauncher() {
    }

    /**
     * @param nodes       processes to start
     * @param argsFor     the {@code ordo launch} arguments of node i
     * @param maxRestarts node restarts allowed in all (0: none)
     * @param out         where the children's output goes
     * @return 0 when every node's last run exited 0, else the first non-zero exit code
     */
    static int run(int nodes, IntFunction<List<String>> argsFor, int maxRestarts, PrintWriter out) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Thread> relays = new ArrayList<>();
        Thread cleanup = new Thread(() -> processes.forEach(Process::destroy));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            for (int i = 0; i < nodes; i++) {
                processes.add(start(argsFor.apply(i), i, out, relays));
            }
            int restarts = 0;
            boolean finished = false;
            Integer[] exits = new Integer[nodes];
            for (int running = nodes; running > 0; ) {
                Thread.sleep(POLL_MS);
                for (int i = 0; i < nodes; i++) {
                    Process p = processes.get(i);
                    if (exits[i] != null || p.isAlive()) {
                        continue;
                    }
                    int code = p.waitFor();
                    finished |= code == 0;
                    if (code != 0 && !finished && restarts < maxRestarts) {
                        restarts++;
                        say(out, "[launch] node " + i + " exited with " + code + "; restart " + restarts + " of "
                                + maxRestarts + " (--resume)");
                        processes.set(i, start(withResume(argsFor.apply(i)), i, out, relays));
                    } else {
                        exits[i] = code;
                        running--;
                    }
                }
            }
            for (Thread relay : relays) {
                relay.join(TimeUnit.SECONDS.toMillis(5));
            }
            int exit = 0;
            for (Integer code : exits) {
                if (code != 0 && exit == 0) {
                    exit = code;
                }
            }
            return exit;
        } finally {
            processes.forEach(Process::destroy);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private static List<String> withResume(List<String> args) {
        if (args.contains("--resume")) {
            return args;
        }
        List<String> resumed = new ArrayList<>(args);
        resumed.add("--resume");
        return resumed;
    }

    private static Process start(List<String> args, int node, PrintWriter out, List<Thread> relays) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ordo.deploy.cli.OrdoCommand", "launch"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        relays.add(relay(p, "[node " + node + "] ", out));
        return p;
    }

    private static void say(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static Thread relay(Process p, String prefix, PrintWriter out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    say(out, prefix + line);
                }
            } catch (IOException e) {
                // the child is gone; its exit code tells the rest
            }
        }, "relay-" + prefix.trim());
        t.setDaemon(true);
        t.start();
        return t;
    }
}
