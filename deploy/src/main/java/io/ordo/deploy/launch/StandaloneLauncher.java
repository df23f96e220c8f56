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

/**
 * {@code ordo launch --standalone}: starts one JVM per node on this host (same JVM flags and
 * classpath), each an {@code ordo launch --node-rank i} with its own Aeron ports, relays their
 * output prefixed with the node rank, and exits with the worst exit code.
 */
final class StandaloneLauncher {
    private StandaloneLauncher() {
    }

    /**
     * @param nodes     processes to start
     * @param argsFor   the {@code ordo launch} arguments of node i
     * @param out       where the children's output goes
     * @return 0 when every node exited 0, else the first non-zero exit code
     */
    static int run(int nodes, java.util.function.IntFunction<List<String>> argsFor, PrintWriter out) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Thread> relays = new ArrayList<>();
        Thread cleanup = new Thread(() -> processes.forEach(Process::destroy));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            for (int i = 0; i < nodes; i++) {
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ordo.deploy.OrdoCommand", "launch"));
                command.addAll(argsFor.apply(i));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                processes.add(p);
                relays.add(relay(p, "[node " + i + "] ", out));
            }
            int exit = 0;
            for (int i = 0; i < nodes; i++) {
                int code = processes.get(i).waitFor();
                relays.get(i).join();
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

    private static Thread relay(Process p, String prefix, PrintWriter out) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (out) {
                        out.println(prefix + line);
                        out.flush();
                    }
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
