package io.ordo.kafkabroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files of one single-node KRaft broker in its directory: {@code server.properties} (broker and
 * controller in one process, node 1, the only voter), {@code log4j2.properties} (everything to
 * {@code broker.log}) and the data directory {@code data/}. Replication factors and partition
 * counts of the internal topics are 1, so the broker and its first consumer group are ready in seconds.
 * Also reads the tail of a log and deletes the directory.
 */
final class BrokerFiles {

    /** The broker's log, written by log4j2 in the child JVM. */
    static final String LOG = "broker.log";
    /** The log4j2 configuration of the child JVMs. */
    static final String LOG_CONFIG = "log4j2.properties";
    /** The child JVM's own stdout and stderr (JVM errors, log4j2 status messages). */
    static final String CONSOLE = "console.log";

    /** Lines of a log shown when the broker fails to start. */
    private static final int TAIL_LINES = 40;

    private BrokerFiles() {
    }

    /** Writes {@code server.properties} for a broker on {@code brokerPort} and a controller on {@code controllerPort}. */
    static Path writeServerProperties(Path dir, int brokerPort, int controllerPort) throws IOException {
        String host = KafkaBroker.HOST;
        String props = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + controllerPort,
                "listeners=PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "");
        return Files.writeString(dir.resolve("server.properties"), props);
    }

    /** Writes the log4j2 configuration that sends every broker log line to {@link #LOG}. */
    static Path writeLogConfig(Path dir) throws IOException {
        String props = String.join("\n",
                "status = warn",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + dir.resolve(LOG),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "");
        return Files.writeString(dir.resolve(LOG_CONFIG), props);
    }

    /**
     * A random KRaft cluster id: 16 random bytes, URL-safe base64 without padding (Kafka's {@code Uuid}),
     * never starting with '-', which the storage tool's argument parser would take for an option
     * (Kafka's own {@code Uuid.randomUuid} avoids it the same way).
     */
    static String randomClusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    /** The last {@code lines} lines of {@code file} under a heading, or nothing if it does not exist. */
    static String tail(Path file) {
        if (!Files.exists(file)) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
            return "--- last lines of " + file + " ---\n" + String.join("\n", last) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + file + ": " + e + ")\n";
        }
    }

    /** Deletes {@code dir} and everything in it, as far as possible. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary directory
        }
    }
}
