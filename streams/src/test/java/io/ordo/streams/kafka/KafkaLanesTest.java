package io.ordo.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Partition {@code p} goes to rank {@code p % world}; keys name topic and partition. */
class KafkaLanesTest {

    private static final KafkaSourceConfig CONFIG = KafkaSourceConfig.of("127.0.0.1:9", "events");

    @Test
    void shouldGiveEachRankThePartitionsCongruentToIt() {
        assertEquals(List.of(0, 2, 4), partitions(0, 2));
        assertEquals(List.of(1, 3), partitions(1, 2));
        assertEquals(List.of(0, 1, 2, 3, 4), partitions(0, 1));
        assertEquals(List.of(), partitions(6, 7));
        assertThrows(IllegalArgumentException.class, () -> partitions(2, 2));
    }

    @Test
    void shouldKeyLanesByTopicAndPartition() {
        assertEquals("kafka:events/3", KafkaPartitionLane.create(null, CONFIG, 3).key());
        assertEquals("kafka:events/3", KafkaPartitionLane.key("events", 3));
    }

    private static List<Integer> partitions(int rank, int world) {
        return KafkaLanes.forRank(null, CONFIG, 5, rank, world).stream().map(KafkaPartitionLane::partition).toList();
    }
}
