package io.ordo.streams.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.kafkabroker.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test broker fixture: a real Kafka 4.x broker in a child JVM, reachable with this module's
 * kafka-clients; closing it stops the child and deletes its directory; a failed start says why.
 */
@Tag("system")
class KafkaBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldProduceAndConsumeOneRecordWithPlainClients() throws Exception {
        String topic = KafkaTestTopics.create(broker.bootstrap(), "broker", 1);
        KafkaTestTopics.produce(broker.bootstrap(), topic, 0, List.of("hello kafka".getBytes(UTF_8)));

        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(got::add);
            }
        }
        assertEquals(1, got.size());
        assertEquals(0, got.get(0).offset());
        assertEquals("hello kafka", new String(got.get(0).value(), UTF_8));
    }

    @Test
    void shouldStopTheChildAndDeleteItsDirectory() throws Exception {
        KafkaBroker second = KafkaBroker.start();
        Path dir = second.dir();
        assertTrue(Files.exists(dir.resolve("server.properties")));
        assertFalse(second.bootstrap().equals(broker.bootstrap()));
        second.close();
        assertFalse(Files.exists(dir));
        assertFalse(ProcessHandle.current().children().anyMatch(p -> p.info().commandLine().orElse("")
                .contains(dir.toString())), "the child JVM of " + dir + " is still running");
    }

    @Test
    void shouldReportTheChildOutputWhenTheBrokerCannotStart(@TempDir Path tmp) throws Exception {
        Path classpath = Files.writeString(tmp.resolve("broker.classpath"), tmp.resolve("no-such.jar").toString());
        IOException e = assertThrows(IOException.class, () -> KafkaBroker.start(classpath));
        assertTrue(e.getMessage().contains("kafka.tools.StorageTool failed"), e.getMessage());
        assertTrue(e.getMessage().contains("Could not find or load main class"), e.getMessage());
    }
}
