package io.ordo.streams.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The topic behind a {@link KafkaSourceConfig}, seen through one admin client: its partition count,
 * the group's committed offsets, and the end offsets (for lag). Cold-path calls, each waiting at most
 * 30 s; failures are {@link IllegalStateException}s naming the topic, group and cluster. Thread-safe.
 */
public final class KafkaTopic implements AutoCloseable {

    private final KafkaSourceConfig config;
    private final Admin admin;

    private KafkaTopic(KafkaSourceConfig config) {
        this.config = config;
        this.admin = Admin.create(KafkaClients.admin(config));
    }

    /** Opens an admin client for {@code config}'s cluster; close it when done. */
    public static KafkaTopic open(KafkaSourceConfig config) {
        return new KafkaTopic(config);
    }

    /** Number of partitions of the topic; fails if the topic does not exist. */
    public int partitions() {
        TopicDescription d = await(admin.describeTopics(List.of(config.topic())).allTopicNames(), "describe")
                .get(config.topic());
        return d.partitions().size();
    }

    /**
     * Commits, for the consumer group, the offset of the next record to read in each partition
     * ({@code partition -> offset}; a cursor's offset, or a record's {@code nextOffset}). Done from
     * outside the group, which the lanes never join (manual assignment); it fails if another
     * application has live members in the group.
     */
    public void commit(Map<Integer, Long> nextOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((p, o) -> offsets.put(tp(p), new OffsetAndMetadata(o)));
        await(admin.alterConsumerGroupOffsets(config.groupId(), offsets).all(), "commit offsets of");
    }

    /** The group's committed offsets of the topic ({@code partition -> next offset}); partitions without one are absent. */
    public Map<Integer, Long> committed() {
        Map<TopicPartition, OffsetAndMetadata> all = await(
                admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata(), "read offsets of");
        Map<Integer, Long> out = new HashMap<>();
        all.forEach((tp, om) -> {
            if (om != null && tp.topic().equals(config.topic())) {
                out.put(tp.partition(), om.offset());
            }
        });
        return out;
    }

    /**
     * Each partition's end offset for a {@code read_committed} reader (the last stable offset):
     * the offset the next committed record will get. Lag = end offset - lane position.
     */
    public Map<Integer, Long> endOffsets() {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (int p = 0, n = partitions(); p < n; p++) {
            specs.put(tp(p), OffsetSpec.latest());
        }
        Map<Integer, Long> out = new HashMap<>();
        await(admin.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "list offsets of")
                .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    @Override
    public void close() {
        admin.close();
    }

    private TopicPartition tp(int partition) {
        return new TopicPartition(config.topic(), partition);
    }

    private <T> T await(KafkaFuture<T> f, String what) {
        try {
            return f.get(KafkaClients.ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failed(what, e.getCause());
        } catch (TimeoutException e) {
            throw failed(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(what, e);
        }
    }

    private IllegalStateException failed(String what, Throwable cause) {
        return new IllegalStateException("Kafka: could not " + what + " topic " + config.topic() + " (group "
                + config.groupId() + ", " + config.bootstrapServers() + "): " + cause, cause);
    }
}
