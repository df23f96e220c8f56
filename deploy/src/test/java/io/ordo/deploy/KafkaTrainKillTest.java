package io.ordo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.live.LedgerAudit;
import io.ordo.actors.state.ModelState;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.kafkabroker.KafkaBroker;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.kafka.KafkaSourceConfig;
import io.ordo.streams.kafka.KafkaTopic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka end to end against a real KRaft broker: two trainer ranks ({@code --workers 2}, the same
 * loop and lanes as two {@code ordo launch} ranks) read a topic of two partitions, one each; the
 * process is SIGKILLed after a few checkpoints and resumed. The data ledger shows every partition's
 * records trained exactly once from offset 0 up to the final checkpoint's offsets, which lie past
 * every record produced first; the consumer group's committed offsets equal them once the final
 * checkpoint is durable.
 */
@Tag("system")
class KafkaTrainKillTest {
    private static final int STEPS = 100;
    private static final int TRACKED = 60;
    private static final int FILLER = 400;
    private static final String TOPIC = "train-kill";

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldTrainEveryRecordOnceAcrossASigkillAndCommitTheCheckpointsOffsets() throws Exception {
        KafkaTopics.create(broker.bootstrap(), TOPIC, 2);
        try (KafkaProducer<String, byte[]> producer = KafkaTopics.producer(broker.bootstrap())) {
            for (int partition = 0; partition < 2; partition++) {
                for (int i = 0; i < TRACKED + FILLER; i++) {
                    String text = (i < TRACKED ? "tracked " : "filler ") + partition + "/" + i
                            + " a line of text for the model to learn";
                    byte[] value = i == 7 ? new byte[0] : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(TOPIC, partition, null, value));
                }
            }
            producer.flush();
        }
        String uri = "kafka://" + broker.bootstrap() + "/" + TOPIC + "?group=trainer";
        Path out = dir.resolve("run");
        Process first = start(uri, out, false, dir.resolve("first.log"));
        try {
            ChildOrdo.awaitCheckpoint(out, 30, first, dir.resolve("first.log"));
        } finally {
            first.destroyForcibly(); // SIGKILL
            first.waitFor(30, TimeUnit.SECONDS);
        }
        String log = ChildOrdo.awaitSuccess(start(uri, out, true, dir.resolve("second.log")), dir.resolve("second.log"),
                120);
        assertTrue(log.contains("kafka topic " + TOPIC) && log.contains("2 partition(s)"), log);

        LedgerAudit.Result audit = LedgerAudit.audit(out);
        Map<String, Cursor> lanes;
        try (CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), 3)) {
            var c = store.loadLatestValid().orElseThrow();
            assertEquals(STEPS, c.step());
            lanes = ModelState.meta(c).lanePositions();
        }
        assertEquals(lanes, audit.ends(), "each partition's trained ranges join from offset 0 to the checkpoint's");
        for (int partition = 0; partition < 2; partition++) {
            Cursor end = lanes.get("kafka:" + TOPIC + "/" + partition);
            assertTrue(end.offset() >= TRACKED, "partition " + partition + " trained past every tracked record: " + end);
        }
        try (KafkaTopic topic = KafkaTopic.open(KafkaSourceConfig.parse(java.net.URI.create(uri)))) {
            Map<Integer, Long> committed = topic.committed();
            for (int partition = 0; partition < 2; partition++) {
                assertEquals(lanes.get("kafka:" + TOPIC + "/" + partition).offset(), committed.get(partition),
                        "the group's offset of partition " + partition + " is the durable checkpoint's");
            }
        }
    }

    /**
     * One rank's partition runs dry while the other has data: the dry rank answers each step with a
     * blank batch at once (it does not wait for the heartbeat), so the ring trains at the speed of
     * the data it has.
     */
    @Test
    void shouldNotWaitForADryPartitionWhileTheOtherHasData() throws Exception {
        String topic = "half-dry";
        KafkaTopics.create(broker.bootstrap(), topic, 2);
        try (KafkaProducer<String, byte[]> producer = KafkaTopics.producer(broker.bootstrap())) {
            for (int i = 0; i < 400; i++) {
                producer.send(new ProducerRecord<>(topic, 0, null,
                        ("only partition 0 has line " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        Path out = dir.resolve("dry");
        long t0 = System.nanoTime();
        String[] r = Cli.run("train", "--source", "kafka://" + broker.bootstrap() + "/" + topic, "--objective", "ntp",
                "--text-seq-len", "16", "--d-model", "32", "--layers", "1", "--heads", "2", "--batch", "8",
                "--workers", "2", "--steps", "30", "--eval-every", "0", "--checkpoint-every", "10",
                "--http-port", "-1", "--out", out.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("done: 30 steps"), r[1]);
        // the default heartbeat is 1 s: waiting for it each step would take 30 s
        assertTrue(seconds < 20, "30 steps took " + seconds + " s");
        try (CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), 3)) {
            Map<String, Cursor> lanes = ModelState.meta(store.loadLatestValid().orElseThrow()).lanePositions();
            assertTrue(lanes.get("kafka:" + topic + "/0").offset() > 0, lanes.toString());
            assertEquals(null, lanes.get("kafka:" + topic + "/1"), "the dry partition never moved: " + lanes);
        }
    }

    private static Process start(String uri, Path out, boolean resume, Path log) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--source", uri, "--objective", "ntp",
                "--text-seq-len", "16", "--d-model", "32", "--layers", "1", "--heads", "2", "--batch", "8",
                "--workers", "2", "--steps", Integer.toString(STEPS), "--eval-every", "50", "--checkpoint-every", "10",
                "--http-port", "-1", "--out", out.toString()));
        if (resume) {
            args.add("--resume");
        }
        return ChildOrdo.start(List.of("ordo.job.live.ledger=true", "ordo.job.live.linger=50ms",
                "ordo.job.live.heartbeat=300ms", "ordo.job.eval.examples=4", "ordo.job.log-every=20"), args, log);
    }
}
