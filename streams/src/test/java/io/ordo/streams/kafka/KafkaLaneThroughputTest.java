package io.ordo.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ordo.kafkabroker.KafkaBroker;
import io.ordo.streams.StreamTest;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Record;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Consume throughput of one Kafka lane: 100k records of 200 bytes on one partition, read from the
 * start to validated {@link Record}s, twice (the first run warms up). Off by default; run with
 * <pre>
 * mvn -B -q -pl streams -am -Dtest=KafkaLaneThroughputTest -Dsurefire.failIfNoSpecifiedTests=false -Dordo.kafka.bench=true test
 * </pre>
 */
@EnabledIfSystemProperty(named = "ordo.kafka.bench", matches = "true")
class KafkaLaneThroughputTest extends StreamTest {

    private static final int RECORDS = 100_000;
    private static final int RECORD_BYTES = 200;

    @Test
    void shouldMeasureOneLaneConsumeThroughput() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            String topic = KafkaTestTopics.create(broker.bootstrap(), "throughput", 1);
            byte[] value = new byte[RECORD_BYTES];
            Arrays.fill(value, (byte) 'x');
            try (KafkaProducer<byte[], byte[]> p = KafkaTestTopics.producer(broker.bootstrap())) {
                for (int i = 0; i < RECORDS; i++) {
                    p.send(new ProducerRecord<>(topic, 0, null, value));
                }
                p.flush();
            }
            KafkaPartitionLane lane = KafkaPartitionLane.create(system, KafkaSourceConfig.of(broker.bootstrap(), topic), 0);
            for (int run = 1; run <= 3; run++) {
                long t0 = System.nanoTime();
                long bytes = lane.records(Optional.empty()).take(RECORDS)
                        .runWith(Sink.fold(0L, (Long acc, Framed f) -> acc + ((Record) f).text().length()), mat)
                        .toCompletableFuture().get(120, TimeUnit.SECONDS);
                double s = (System.nanoTime() - t0) / 1e9;
                assertEquals((long) RECORDS * RECORD_BYTES, bytes);
                System.out.printf("kafka lane run %d: %d records of %d B in %.2f s = %.0f records/s, %.1f MB/s%n",
                        run, RECORDS, RECORD_BYTES, s, RECORDS / s, bytes / s / 1e6);
            }
        }
    }
}
