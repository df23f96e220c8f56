package io.ordo.deploy.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.live.LedgerAudit;
import io.ordo.actors.state.ModelState;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.deploy.Cli;
import io.ordo.deploy.KafkaTopics;
import io.ordo.kafkabroker.KafkaBroker;
import io.ordo.streams.cursor.Cursor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ordo launch --standalone --nnodes 2 --source kafka://...}: two node processes, one rank
 * each, on a topic of two partitions. Partition p trains on rank p % 2, each in its own process;
 * rank 0's checkpoint holds both partitions' offsets (gathered over the Aeron ring), the ledgers of
 * both ranks join from offset 0 to them, and the group's committed offsets equal them.
 */
@Tag("system")
class LaunchKafkaTest {
    private static final int STEPS = 30;
    private static final String TOPIC = "launched";

    @TempDir
    Path dir;

    @Test
    void shouldTrainEachPartitionOnItsRankAcrossTwoNodeProcesses() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            KafkaTopics.create(broker.bootstrap(), TOPIC, 2);
            try (KafkaProducer<String, byte[]> producer = KafkaTopics.producer(broker.bootstrap())) {
                for (int i = 0; i < 600; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i % 2, null,
                            ("partition " + (i % 2) + " line " + i + " of the launched run").getBytes(StandardCharsets.UTF_8)));
                }
            }
            Path out = dir.resolve("run");
            Path conf = Files.writeString(dir.resolve("live.conf"), "ordo.job.live.ledger = true\n");
            // an idle source waits for data without end: a test short of data must fail, not hang
            String[] r = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> Cli.run("launch", "--config", conf.toString(), "--standalone", "--nnodes", "2", "--nproc-per-node", "1",
                    "--seed-nodes", "127.0.0.1:" + LaunchedNodes.freeTcpRange(2),
                    "--aeron-port", String.valueOf(LaunchedNodes.freeUdpRange(2)),
                    "--source", "kafka://" + broker.bootstrap() + "/" + TOPIC + "?group=launch", "--objective", "ntp",
                    "--text-seq-len", "16",
                    "--steps", String.valueOf(STEPS), "--batch", "8", "--d-model", "32", "--layers", "1", "--heads", "2",
                    "--checkpoint-every", "10", "--eval-every", "0", "--http-port", "-1", "--out", out.toString()));
            assertEquals("0", r[0], r[1] + r[2]);
            assertTrue(r[1].contains("[node 0] node 0 finished at step " + STEPS), r[1]);
            Map<String, Cursor> lanes;
            try (CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), 3)) {
                lanes = ModelState.meta(store.loadLatestValid().orElseThrow()).lanePositions();
            }
            assertTrue(lanes.get("kafka:" + TOPIC + "/0").offset() > 0 && lanes.get("kafka:" + TOPIC + "/1").offset() > 0,
                    "both partitions trained, each on its own node: " + lanes);
            assertEquals(lanes, LedgerAudit.audit(out).ends(), "both ranks' ledgers join up to rank 0's checkpoint");
        }
    }

    /**
     * A rank dies: the survivors re-form the ring with world 2 and resume from the last checkpoint,
     * and the partitions go to the new world ({@code p % 2}) at the checkpoint's offsets: the dead
     * rank's partition 2 goes on training, now on rank 0.
     */
    @Test
    void shouldGiveADeadRanksPartitionToTheReformedRing() throws Exception {
        String topic = "reformed";
        try (KafkaBroker broker = KafkaBroker.start()) {
            KafkaTopics.create(broker.bootstrap(), topic, 3);
            try (KafkaProducer<String, byte[]> producer = KafkaTopics.producer(broker.bootstrap())) {
                for (int i = 0; i < 1500; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 3, null,
                            ("partition " + (i % 3) + " line " + i + " of the re-formed run").getBytes(StandardCharsets.UTF_8)));
                }
            }
            Path out = dir.resolve("reformed");
            Path logs = Files.createDirectories(dir.resolve("logs"));
            List<String> job = List.of("--source", "kafka://" + broker.bootstrap() + "/" + topic, "--objective", "ntp",
                    "--text-seq-len", "16", "--steps", "40", "--batch", "6", "--d-model", "32", "--layers", "1",
                    "--heads", "2", "--checkpoint-every", "5", "--eval-every", "0", "--out", out.toString(),
                    "--step-delay-ms", "150");
            Map<String, Cursor> atKill;
            try (LaunchedNodes nodes = LaunchedNodes.start(3, logs, job)) {
                nodes.awaitLog(0, "checkpoint step 10", Duration.ofSeconds(120));
                nodes.processes.get(2).destroyForcibly();
                for (int node : new int[] {0, 1}) {
                    nodes.awaitLog(node, " of 2, resumed from checkpoint at step", Duration.ofSeconds(60));
                }
                try (CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), 3)) {
                    atKill = ModelState.meta(store.loadLatestValid().orElseThrow()).lanePositions();
                }
                for (int node : new int[] {0, 1}) {
                    Process n = nodes.processes.get(node);
                    assertTrue(n.waitFor(120, TimeUnit.SECONDS), "node " + node + " hung:\n" + nodes.log(node));
                    assertEquals(0, n.exitValue(), nodes.log(node));
                }
            }
            Map<String, Cursor> end;
            try (CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), 3)) {
                var c = store.loadLatestValid().orElseThrow();
                assertEquals(40, c.step());
                end = ModelState.meta(c).lanePositions();
            }
            String dead = "kafka:" + topic + "/2";
            assertTrue(atKill.containsKey(dead) && end.get(dead).offset() > atKill.get(dead).offset(),
                    "the dead rank's partition trained on after the re-form: " + atKill + " -> " + end);
        }
    }
}
