package io.ordo.deploy.launch;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ordo launch} nodes as separate JVMs on 127.0.0.1 (test classpath), each logging to
 * {@code node-i.log}, with free cluster and Aeron ports and short failure timeouts.
 */
final class LaunchedNodes implements AutoCloseable {
    final List<Process> processes = new ArrayList<>();
    /** Each node's metrics, health and dashboard port. */
    final List<Integer> httpPorts = new ArrayList<>();
    private final Path logs;

    private LaunchedNodes(Path logs) {
        this.logs = logs;
    }

    /** Starts {@code nnodes} nodes running the job given by {@code jobArgs}. */
    static LaunchedNodes start(int nnodes, Path logs, List<String> jobArgs) throws IOException {
        LaunchedNodes nodes = new LaunchedNodes(logs);
        int seedPort = freeTcpPort();
        int aeronBase = freeUdpRange(nnodes);
        for (int i = 0; i < nnodes; i++) {
            List<String> command = ordo();
            command.addAll(List.of("launch", "--nnodes", String.valueOf(nnodes), "--node-rank", String.valueOf(i),
                    "--seed-nodes", "127.0.0.1:" + seedPort, "--host", "127.0.0.1", "--aeron-port", String.valueOf(aeronBase + i),
                    "--reform-timeout-ms", "3000"));
            nodes.httpPorts.add(freeTcpPort());
            command.addAll(List.of("--http-port", String.valueOf(nodes.httpPorts.get(i))));
            command.addAll(jobArgs);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("node-" + i + ".log").toFile());
            builder.environment().put("OMP_NUM_THREADS", "1");
            nodes.processes.add(builder.start());
        }
        return nodes;
    }

    /**
     * {@code ordo launch args} in a JVM of its own (with {@code --standalone}, the launcher of the
     * nodes, which pass its JVM flags and environment on), its output into {@code log}.
     *
     * @param env variables added to this JVM's environment
     */
    static Process launcher(List<String> args, Map<String, String> env, Path log) throws IOException {
        List<String> command = ordo();
        command.add("launch");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** {@code java} with small heaps, short failure timeouts and the test classpath, running {@code ordo}. */
    private static List<String> ordo() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-Dordo.aeron.term-length=1048576", "-Dordo.aeron.receiver-window=524288",
                "-Dordo.aeron.exchange-timeout-ms=2000", "-Dordo.aeron.connect-timeout-ms=20000"));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null && !cache.isBlank()) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ordo.deploy.cli.OrdoCommand"));
        return command;
    }

    String log(int node) {
        try {
            return Files.readString(logs.resolve("node-" + node + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Waits until node's log contains {@code text}. */
    void awaitLog(int node, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log(node).contains(text)) {
            if (System.nanoTime() > deadline || !processes.get(node).isAlive() && !log(node).contains(text)) {
                throw new AssertionError("node " + node + " never logged '" + text + "':\n" + log(node));
            }
            Thread.sleep(100);
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A base port whose next {@code n} TCP ports are free now (standalone node i listens on base + i). */
    static int freeTcpRange(int n) throws IOException {
        return freeRange(n, "TCP", p -> {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort() == p;
            }
        });
    }

    /** A base port whose next {@code n} UDP ports are free now. */
    static int freeUdpRange(int n) throws IOException {
        return freeRange(n, "UDP", p -> {
            try (DatagramSocket s = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort() == p;
            }
        });
    }

    /** A random base port in 41000..60999 whose next {@code n} ports all {@code bind}. */
    private static int freeRange(int n, String protocol, PortProbe bind) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 41000 + (int) (Math.random() * 20000);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try {
                    free = bind.binds(p);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free " + protocol + " port range");
    }

    /** Binds a port and releases it: whether it was free. */
    @FunctionalInterface
    private interface PortProbe {
        boolean binds(int port) throws IOException;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
