package io.ordo.bench;

import io.ordo.kafkabroker.KafkaBroker;
import io.ordo.streams.kafka.KafkaPartitionLane;
import io.ordo.streams.kafka.KafkaSourceConfig;
import io.ordo.streams.live.Lane;
import io.ordo.streams.spool.AppendResult;
import io.ordo.streams.spool.FsyncPolicy;
import io.ordo.streams.spool.Spool;
import io.ordo.streams.spool.SpoolConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.actor.ActorSystem;

/**
 * The sources {@link LiveBench} reads, each a list of lanes, by name: "kafka" (the records produced
 * round-robin to a new topic, one lane per partition, on a broker started as a child JVM unless a
 * bootstrap is given) and "spool" (the records appended to a spool of as many lanes, fsync NONE);
 * with the lane each record went to. Closing closes the spool, deletes its folder and stops the broker.
 */
final class LiveLanes implements AutoCloseable {
    private final Map<String, List<Lane>> lanes = new LinkedHashMap<>();
    private final Map<String, int[]> laneOfRecord = new LinkedHashMap<>();
    private KafkaBroker broker;
    private Path spoolDir;
    private Spool spool;

    /** The lanes of each source, in the order added. */
    Map<String, List<Lane>> bySource() {
        return lanes;
    }

    /** Per source, the lane (partition) each record went to. */
    Map<String, int[]> laneOfRecord() {
        return laneOfRecord;
    }

    /**
     * Produces {@code data} to a new topic of {@code partitions} partitions on {@code bootstrap} (null:
     * a broker started here) and adds its partitions as the "kafka" source's lanes.
     */
    void addKafka(ActorSystem system, String bootstrap, Map<String, String> consumerProperties, int partitions,
            List<byte[]> data) throws Exception {
        if (bootstrap == null) {
            long t0 = System.nanoTime();
            broker = KafkaBroker.start();
            bootstrap = broker.bootstrap();
            System.out.printf(Locale.ROOT, "broker started at %s in %.1f s%n", bootstrap, (System.nanoTime() - t0) / 1e9);
        }
        String topic = "ordo-live-bench-" + System.currentTimeMillis();
        laneOfRecord.put("kafka", produce(bootstrap, topic, partitions, data));
        KafkaSourceConfig plain = KafkaSourceConfig.of(bootstrap, topic);
        KafkaSourceConfig kafka = new KafkaSourceConfig(plain.bootstrapServers(), topic, plain.groupId(),
                plain.maxRecordBytes(), consumerProperties);
        List<Lane> l = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            l.add(KafkaPartitionLane.create(system, kafka, p));
        }
        lanes.put("kafka", l);
    }

    /** Appends {@code data} to a new spool of {@code partitions} lanes under {@code dir}: the "spool" source. */
    void addSpool(Path dir, int partitions, int recordBytes, List<byte[]> data) throws IOException {
        spoolDir = Files.createTempDirectory(dir, "ordo-live-bench");
        spool = Spool.open(spoolDir, new SpoolConfig(partitions, 64L << 20, 64L << 30, FsyncPolicy.NONE,
                Math.max(recordBytes * 4, 1024)));
        laneOfRecord.put("spool", append(spool, data));
        List<Lane> l = new ArrayList<>();
        for (int i = 0; i < spool.lanes(); i++) {
            l.add(spool.lane(i));
        }
        lanes.put("spool", l);
    }

    /** Produces {@code data} round-robin over the partitions; returns each record's partition. */
    private static int[] produce(String servers, String topic, int partitions, List<byte[]> data) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        int[] lane = new int[data.size()];
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < data.size(); i++) {
                lane[i] = i % partitions;
                p.send(new ProducerRecord<>(topic, lane[i], null, data.get(i)));
            }
            p.flush();
        }
        System.out.printf(Locale.ROOT, "produced %d records to %s in %.2f s%n", data.size(), topic,
                (System.nanoTime() - t0) / 1e9);
        return lane;
    }

    /** Appends {@code data} in chunks of 1000 records (a chunk per lane, round-robin); returns each record's lane. */
    private static int[] append(Spool spool, List<byte[]> data) {
        int[] lane = new int[data.size()];
        long t0 = System.nanoTime();
        for (int from = 0; from < data.size(); from += 1000) {
            int to = Math.min(data.size(), from + 1000);
            AppendResult r = spool.append(data.subList(from, to));
            if (!(r instanceof AppendResult.Appended a)) {
                throw new IllegalStateException("spool refused the records: " + r);
            }
            Arrays.fill(lane, from, to, a.lane());
        }
        System.out.printf(Locale.ROOT, "appended %d records to the spool in %.2f s%n", data.size(), (System.nanoTime() - t0) / 1e9);
        return lane;
    }

    @Override
    public void close() throws IOException {
        if (spool != null) {
            spool.close();
        }
        if (spoolDir != null) {
            try (Stream<Path> files = Files.walk(spoolDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (broker != null) {
            broker.close();
        }
    }
}
