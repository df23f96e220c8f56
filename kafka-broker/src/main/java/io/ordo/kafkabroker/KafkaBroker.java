package io.ordo.kafkabroker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) for tests, run as a
 * child JVM on free ports of 127.0.0.1 with its data in a fresh temporary directory.
 *
 * <p>The broker's jars (Kafka 4.x) never join the caller's classpath, which holds the older
 * kafka-clients that Pekko Connectors Kafka brings: the child runs with the classpath that the
 * {@code kafka-broker} module's build writes to {@code kafka-broker/target/broker.classpath}. That file
 * is found through the system property {@value #CLASSPATH_PROPERTY} (set for every module's tests
 * by the root pom's surefire configuration) or, failing that, in {@code kafka-broker/target} of the
 * working directory or one of its parents. This class depends on the JDK only.
 *
 * <p>Typical use, one broker per test class:
 * <pre>{@code
 * static KafkaBroker broker;
 * @BeforeAll static void start() throws IOException { broker = KafkaBroker.start(); }
 * @AfterAll static void stop() { broker.close(); }
 * ... props.put("bootstrap.servers", broker.bootstrap()) ...
 * }</pre>
 * Topics are not created automatically; create them with the client's {@code Admin}. Start-up
 * (storage format, then the broker) takes about 5 s; the broker logs to {@code broker.log} in
 * {@link #dir()}, whose tail a start failure reports.
 */
public final class KafkaBroker implements AutoCloseable {

    /** System property naming the {@code broker.classpath} file. */
    public static final String CLASSPATH_PROPERTY = "ordo.kafka.broker.classpath";
    /** The only interface the broker listens on. */
    public static final String HOST = "127.0.0.1";
    /** Longest wait for the storage format and for the broker to become ready. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);


    private final Path dir;
    private final int port;
    private final Process process;
    private final Thread reaper;

    private KafkaBroker(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.reaper = new Thread(() -> {
            stopProcess();
            BrokerFiles.deleteTree(dir);
        }, "kafka-broker-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts a broker with the classpath file found as described in the class comment. */
    public static KafkaBroker start() throws IOException {
        return start(findClasspathFile());
    }

    /** Starts a broker whose child JVM runs with the classpath in {@code classpathFile}; returns once it serves metadata. */
    public static KafkaBroker start(Path classpathFile) throws IOException {
        String classpath = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
        Path dir = Files.createTempDirectory("ordo-kafka-");
        try {
            int brokerPort = freePort();
            int controllerPort = freePort();
            Path server = BrokerFiles.writeServerProperties(dir, brokerPort, controllerPort);
            BrokerFiles.writeLogConfig(dir);
            // kafka-storage.sh format: a KRaft node must have a formatted log directory (cluster id, metadata version)
            ChildJvm.run(dir, classpath, START_TIMEOUT, "kafka.tools.StorageTool",
                    "format", "-t", BrokerFiles.randomClusterId(), "-c", server.toString());
            Process p = ChildJvm.start(dir, classpath, "kafka.Kafka", server.toString());
            KafkaBroker broker = new KafkaBroker(dir, brokerPort, p);
            try {
                broker.awaitReady();
            } catch (IOException | RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException | RuntimeException e) {
            BrokerFiles.deleteTree(dir);
            throw e;
        }
    }

    /** {@code host:port} of the broker's PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrap() {
        return HOST + ":" + port;
    }

    /** The broker's directory: {@code server.properties}, {@code broker.log}, {@code data/}. */
    public Path dir() {
        return dir;
    }

    /** Kills the broker (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook runs anyway
        }
        BrokerFiles.deleteTree(dir);
    }

    /**
     * Runs a broker until this JVM is stopped, printing its bootstrap address, e.g.
     * {@code java -cp kafka-broker/target/classes io.ordo.kafkabroker.KafkaBroker} from the project root.
     */
    public static void main(String[] args) throws Exception {
        try (KafkaBroker broker = start()) {
            System.out.println(broker.bootstrap());
            Thread.currentThread().join();
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("broker exited with status " + process.exitValue(), null);
            }
            try {
                if (BrokerProbe.liveBrokers(HOST, port, 1000) > 0) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            sleep(100);
        }
        throw failure("broker not ready after " + START_TIMEOUT.toSeconds() + " s", last);
    }

    private IOException failure(String what, Exception cause) {
        return new IOException(what + " (" + dir + ")\n" + BrokerFiles.tail(dir.resolve(BrokerFiles.LOG))
                + BrokerFiles.tail(dir.resolve(BrokerFiles.CONSOLE)), cause);
    }

    private static Path findClasspathFile() {
        String prop = System.getProperty(CLASSPATH_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path p = Paths.get(prop);
            if (Files.isRegularFile(p)) {
                return p;
            }
            throw new IllegalStateException(CLASSPATH_PROPERTY + "=" + prop
                    + " does not exist: build the kafka-broker module first (mvn -pl kafka-broker package)");
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("kafka-broker").resolve("target").resolve("broker.classpath");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no kafka-broker/target/broker.classpath here or above "
                + Paths.get("").toAbsolutePath() + ": build the kafka-broker module first or set -D" + CLASSPATH_PROPERTY);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}
