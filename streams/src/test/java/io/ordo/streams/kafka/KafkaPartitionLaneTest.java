package io.ordo.streams.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.kafkabroker.KafkaBroker;
import io.ordo.streams.StreamTest;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Rejected;
import io.ordo.streams.frame.TextRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kafka lanes against a real broker: positions are Kafka offsets, bad messages are rejected with
 * LineFramer's reasons, a lane without a cursor starts at the group's committed offset (else the
 * earliest), and an idle partition keeps the source waiting for later records.
 */
@Tag("system")
class KafkaPartitionLaneTest extends StreamTest {

    private static final byte[] BAD_UTF8 = {(byte) 0xC3, (byte) 0x28};
    private static final List<byte[]> PARTITION_0 = List.of(bytes("alpha"), bytes("beta"), BAD_UTF8, new byte[0],
            bytes("gamma"));
    private static final List<byte[]> PARTITION_1 = List.of(bytes("one"), bytes("bin\u0000ary"),
            bytes("first line\nsecond line"), bytes("four"));

    private static KafkaBroker broker;
    private static String topic;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
        topic = KafkaTestTopics.create(broker.bootstrap(), "lanes", 2);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), KafkaTestTopics.produce(broker.bootstrap(), topic, 0, PARTITION_0));
        assertEquals(List.of(0L, 1L, 2L, 3L), KafkaTestTopics.produce(broker.bootstrap(), topic, 1, PARTITION_1));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldReadEachPartitionFromTheStartWithKafkaOffsetsAsPositions() throws Exception {
        KafkaSourceConfig config = config("from-start");
        List<Framed> p0 = take(lane(config, 0).records(Optional.empty()), 5);
        String key0 = "kafka:" + topic + "/0";
        assertRecord(p0.get(0), key0, 0, "alpha");
        assertRecord(p0.get(1), key0, 1, "beta");
        assertRejected(p0.get(2), key0, 2, BadInputReason.MALFORMED_UTF8, 2);
        assertRejected(p0.get(3), key0, 3, BadInputReason.EMPTY, 0);
        assertRecord(p0.get(4), key0, 4, "gamma");

        List<Framed> p1 = take(lane(config, 1).records(Optional.empty()), 4);
        String key1 = "kafka:" + topic + "/1";
        assertRecord(p1.get(0), key1, 0, "one");
        assertRejected(p1.get(1), key1, 1, BadInputReason.BINARY, 7);
        assertRecord(p1.get(2), key1, 2, "first line\nsecond line");
        assertRecord(p1.get(3), key1, 3, "four");
    }

    @Test
    void shouldStartAtTheCursorOffset() throws Exception {
        KafkaPartitionLane lane = lane(config("from-cursor"), 0);
        List<Framed> got = take(lane.records(Optional.of(Cursor.at(lane.key(), 3))), 2);
        assertRejected(got.get(0), lane.key(), 3, BadInputReason.EMPTY, 0);
        assertRecord(got.get(1), lane.key(), 4, "gamma");

        TextRecord beta = (TextRecord) take(lane.records(Optional.of(Cursor.at(lane.key(), 1))), 1).get(0);
        assertRecord(beta, lane.key(), 1, "beta");
    }

    @Test
    void shouldStartAtTheCommittedOffsetWithoutACursor() throws Exception {
        KafkaSourceConfig config = config("committed");
        try (KafkaTopic kafka = KafkaTopic.open(config)) {
            assertEquals(2, kafka.partitions());
            assertEquals(Map.of(), kafka.committed());
            assertEquals(Map.of(0, 5L, 1, 4L), kafka.endOffsets());
            assertRecord(take(lane(config, 0).records(Optional.empty()), 1).get(0), lane(config, 0).key(), 0, "alpha");

            kafka.commit(Map.of(0, 4L, 1, 2L));
            assertEquals(Map.of(0, 4L, 1, 2L), kafka.committed());
        }
        assertRecord(take(lane(config, 0).records(Optional.empty()), 1).get(0), lane(config, 0).key(), 4, "gamma");
        assertRecord(take(lane(config, 1).records(Optional.empty()), 1).get(0), lane(config, 1).key(), 2,
                "first line\nsecond line");
        // A cursor wins over the committed offset.
        KafkaPartitionLane lane0 = lane(config, 0);
        assertRecord(take(lane0.records(Optional.of(Cursor.at(lane0.key(), 0))), 1).get(0), lane0.key(), 0, "alpha");
    }

    @Test
    void shouldRejectOverlongAndNullValues() throws Exception {
        String t = KafkaTestTopics.create(broker.bootstrap(), "overlong", 1);
        KafkaTestTopics.produce(broker.bootstrap(), t, 0, Arrays.asList(bytes("12345678"), bytes("123456789"), null));
        KafkaSourceConfig config = new KafkaSourceConfig(broker.bootstrap(), t, "overlong", 8, Map.of());
        KafkaPartitionLane lane = KafkaPartitionLane.create(system, config, 0);
        List<Framed> got = take(lane.records(Optional.empty()), 3);
        assertRecord(got.get(0), lane.key(), 0, "12345678");
        assertRejected(got.get(1), lane.key(), 1, BadInputReason.OVERLONG, 9);
        assertRejected(got.get(2), lane.key(), 2, BadInputReason.EMPTY, 0);
    }

    @Test
    void shouldWaitOnAnIdlePartitionAndDeliverALaterRecord() throws Exception {
        String idle = KafkaTestTopics.create(broker.bootstrap(), "idle", 1);
        KafkaPartitionLane lane = KafkaPartitionLane.create(system, KafkaSourceConfig.of(broker.bootstrap(), idle), 0);
        CompletableFuture<List<Framed>> first = lane.records(Optional.empty()).take(1)
                .runWith(Sink.seq(), mat).toCompletableFuture();
        Thread.sleep(1500);
        assertFalse(first.isDone(), "the lane completed or emitted on an empty partition: " + first);

        long t0 = System.nanoTime();
        KafkaTestTopics.produce(broker.bootstrap(), idle, 0, List.of(bytes("late")));
        List<Framed> got = first.get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertRecord(got.get(0), lane.key(), 0, "late");
        System.out.println("idle lane: a new record arrived " + millis + " ms after its produce began");
    }

    @Test
    void shouldRefuseACursorOfAnotherLane() {
        KafkaPartitionLane lane = lane(config("foreign"), 0);
        assertThrows(IllegalArgumentException.class,
                () -> lane.records(Optional.of(Cursor.at("kafka:" + topic + "/1", 0))));
        assertEquals("kafka:" + topic + "/0", lane.key());
    }

    private static KafkaSourceConfig config(String group) {
        return KafkaSourceConfig.of(broker.bootstrap(), topic).withGroupId(group);
    }

    private static KafkaPartitionLane lane(KafkaSourceConfig config, int partition) {
        return KafkaPartitionLane.create(system, config, partition);
    }

    private static List<Framed> take(org.apache.pekko.stream.javadsl.Source<Framed, ?> source, int n) throws Exception {
        return collect(source.take(n));
    }

    private static void assertRecord(Framed f, String key, long offset, String text) {
        TextRecord r = assertInstanceOf(TextRecord.class, f, () -> "at " + offset + ": " + f);
        assertEquals(text, r.text());
        assertEquals(Cursor.at(key, offset), r.at());
        assertEquals(offset + 1, r.nextOffset());
    }

    private static void assertRejected(Framed f, String key, long offset, BadInputReason reason, long length) {
        Rejected r = assertInstanceOf(Rejected.class, f, () -> "at " + offset + ": " + f);
        assertEquals(reason, r.reason());
        assertEquals(Cursor.at(key, offset), r.at());
        assertEquals(length, r.length());
        assertTrue(r.preview().length() <= Rejected.PREVIEW_CHARS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }
}
