package io.ordo.actors.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordo.actors.EvalResult;
import io.ordo.actors.StepMetrics;
import io.ordo.actors.job.TrainingJob;
import io.ordo.protocol.allreduce.AeronConfig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real two-rank {@link DistributedRun} in this JVM (cluster singleton coordinator, Aeron UDP ring on
 * loopback, two rank threads): rank 0 writes {@code metrics.jsonl} as {@code ordo train} does, one
 * train line per step, eval lines with an accuracy, checkpoint lines, and its evaluation runs beside
 * the ring: an evaluation report that blocks for longer than the exchange timeout neither breaks the
 * ring nor stops rank 0's steps, and the run returns only once the last step's evaluation is written.
 * Checkpoints are written beside the ring too: rank 0 steps on while the first one's write is held.
 */
class DistributedRunMetricsTest {
    private static final long STEPS = 12;
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    /** Records what the ranks report; its first mid-run evaluation report blocks past the exchange timeout. */
    private static final class Recorder implements RankProgress {
        final List<String> evalThreads = new CopyOnWriteArrayList<>();
        final List<String> broken = new CopyOnWriteArrayList<>();
        final AtomicLong rankZeroStep = new AtomicLong();
        /** The step of the evaluation whose report blocked, and rank 0's step when the block ended. */
        volatile long blockedEvalStep = -1;
        volatile long stepAfterBlock = -1;
        /**
         * The same for the first checkpoint, held for less than the exchange timeout: the next
         * checkpoint waits for it, and that wait must not break the ring either.
         */
        volatile long blockedCheckpointStep = -1;
        volatile long stepAfterCheckpointBlock = -1;
        final List<String> checkpointThreads = new CopyOnWriteArrayList<>();

        @Override
        public void onCheckpoint(long step, Path file, double seconds) {
            checkpointThreads.add(Thread.currentThread().getName());
            if (blockedCheckpointStep < 0) {
                blockedCheckpointStep = step;
                try {
                    Thread.sleep(EXCHANGE_TIMEOUT.toMillis() * 3 / 5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stepAfterCheckpointBlock = rankZeroStep.get();
            }
        }

        @Override
        public void onStep(long epoch, int rank, int world, StepMetrics m) {
            if (rank == 0) {
                rankZeroStep.set(m.step());
            }
        }

        @Override
        public void onRingBroken(long epoch, int rank, String reason) {
            broken.add("epoch " + epoch + " rank " + rank + ": " + reason);
        }

        @Override
        public void onEval(EvalResult r) {
            evalThreads.add(Thread.currentThread().getName());
            if (blockedEvalStep < 0) {
                blockedEvalStep = r.step();
                try {
                    Thread.sleep(EXCHANGE_TIMEOUT.toMillis() + 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stepAfterBlock = rankZeroStep.get();
            }
        }
    }

    @Test
    void shouldHaveRankZeroWriteMetricsAndEvaluateBesideTheRing() throws Exception {
        TrainingJob job = RankZeroMetricsLogTest.job(out, STEPS, 1);
        int clusterPort = freeTcpPort();
        DistributedOptions options = new DistributedOptions("127.0.0.1", clusterPort, List.of("127.0.0.1:" + clusterPort),
                0, 2, freeUdpRange(2), 2, 1, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ZERO,
                AeronConfig.defaults().withTermLength(1 << 20).withExchangeTimeout(EXCHANGE_TIMEOUT));
        Recorder recorder = new Recorder();

        long t0 = System.nanoTime();
        assertEquals(STEPS, DistributedRun.run(job, null, options, recorder));
        System.out.printf("2 ranks, %d steps with metrics and evaluation: %.1f s%n", STEPS, (System.nanoTime() - t0) / 1e9);

        assertTrue(recorder.broken.isEmpty(), "the ring broke: " + recorder.broken);
        assertTrue(recorder.stepAfterBlock > recorder.blockedEvalStep, "rank 0 stood still while the evaluation of step "
                + recorder.blockedEvalStep + " blocked: at step " + recorder.stepAfterBlock + " after the block");
        assertTrue(recorder.evalThreads.stream().noneMatch(t -> t.startsWith("ordo-rank-")),
                "evaluations ran on a rank thread: " + recorder.evalThreads);
        assertTrue(recorder.stepAfterCheckpointBlock > recorder.blockedCheckpointStep, "rank 0 stood still while "
                + "the checkpoint of step " + recorder.blockedCheckpointStep + " was written: at step "
                + recorder.stepAfterCheckpointBlock + " after the block");
        assertEquals(List.of("ordo-rank0-checkpoint"), recorder.checkpointThreads.stream().distinct().toList(),
                "checkpoints written on the rank thread");

        Map<String, List<Long>> steps = new TreeMap<>();
        for (String line : Files.readAllLines(job.metricsFile())) {
            JsonNode n = JSON.readTree(line);
            steps.computeIfAbsent(n.get("kind").asText(), k -> new ArrayList<>()).add(n.get("step").asLong());
            if (n.get("kind").asText().equals("eval")) {
                double accuracy = n.get("accuracy").asDouble(-1);
                assertTrue(accuracy >= 0 && accuracy <= 1, "eval line without an accuracy: " + line);
            }
            if (n.get("kind").asText().equals("train")) {
                assertTrue(n.get("tokens_per_second").asDouble() > 0 && Double.isFinite(n.get("loss").asDouble()), line);
            }
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), steps.get("train"),
                "one train line per step, from one writer");
        assertEquals(List.of(5L, 10L, 12L), steps.get("eval").stream().sorted().toList(),
                "evaluations every 5 steps and at the last, the last one in before the run returned");
        assertEquals(List.of(5L, 10L, 12L), steps.get("checkpoint"));
        assertEquals(List.of("checkpoint", "eval", "train"), List.copyOf(steps.keySet()), "no restart lines");
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A base port whose next {@code n} UDP ports are free now. */
    private static int freeUdpRange(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 41000 + (int) (Math.random() * 20000);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (DatagramSocket s = new DatagramSocket(p, InetAddress.getLoopbackAddress())) {
                    free = s.getLocalPort() == p;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free UDP port range");
    }
}
