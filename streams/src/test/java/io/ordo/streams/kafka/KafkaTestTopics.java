package io.ordo.streams.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test helpers on a real broker: fresh topics and synchronous produces with plain kafka-clients. */
final class KafkaTestTopics {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private KafkaTestTopics() {
    }

    /** Creates a topic with a fresh name ({@code prefix-N}) and {@code partitions} partitions; returns its name. */
    static String create(String bootstrap, String prefix, int partitions) throws Exception {
        String name = prefix + "-" + SEQ.incrementAndGet();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(Set.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    /** A producer of byte arrays that waits for every write (acks=all, idempotent). */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes {@code values} to {@code partition} in order and returns their offsets. */
    static List<Long> produce(String bootstrap, String topic, int partition, List<byte[]> values) throws Exception {
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (byte[] v : values) {
                offsets.add(p.send(new ProducerRecord<>(topic, partition, null, v)).get(30, TimeUnit.SECONDS).offset());
            }
        }
        return offsets;
    }
}
