package io.ordo.actors.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.job.TaskSpec;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.actors.job.TrainingJob;
import io.ordo.transport.allreduce.AeronConfig;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real two-rank {@link DistributedRun} in this JVM (cluster singleton coordinator, Aeron UDP ring on
 * loopback, two trainer actors of one node, each a ring rank): the node's supervisor writes
 * {@code metrics.jsonl} as {@code ordo train} does, one train line per step, eval lines with an
 * accuracy, checkpoint lines, and evaluation runs beside the ring: a report that blocks for longer
 * than the exchange timeout neither breaks the ring nor loses a line, and the run returns only once
 * the last step's evaluation is written.
 */
class DistributedRunMetricsTest {
    private static final long STEPS = 12;
    private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    static TrainingJob job(Path out, long steps, long logEvery) {
        TaskSpec task = TaskSpec.parse("stargraph:2,3,10");
        ModelConfig model = new ModelConfig(task.tokenizer().vocabSize(), task.exampleTokens(), 32, 2, 1, 2, 0.0, false, 5);
        return TrainingJob.builder(task, Objective.ntp(), model, OptimizerConfig.defaults().withLearningRate(3e-3), steps, out)
                .batchSize(8).dataSeed(11).evalEvery(5).evalExamples(8).checkpointEvery(5).logEvery(logEvery).build();
    }

    /** Records what the node reports; its first evaluation report blocks past the exchange timeout. */
    private static final class Recorder implements RunListener {
        final List<String> rings = new CopyOnWriteArrayList<>();
        volatile long blockedEvalStep = -1;

        @Override
        public void onRing(long epoch, int rank, int world, long step, boolean resumed) {
            rings.add("epoch " + epoch + " rank " + rank + " of " + world);
        }

        @Override
        public void onEval(EvalResult r) {
            if (blockedEvalStep < 0) {
                blockedEvalStep = r.step();
                try {
                    Thread.sleep(EXCHANGE_TIMEOUT.toMillis() + 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void shouldHaveRankZeroWriteMetricsAndEvaluateBesideTheRing() throws Exception {
        TrainingJob job = job(out, STEPS, 1);
        int clusterPort = freeTcpPort();
        DistributedOptions options = new DistributedOptions("127.0.0.1", clusterPort, List.of("127.0.0.1:" + clusterPort),
                0, 2, freeUdpRange(2), 2, 1, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ZERO,
                AeronConfig.defaults().withTermLength(1 << 20).withExchangeTimeout(EXCHANGE_TIMEOUT), Optional.empty());
        Recorder recorder = new Recorder();

        long t0 = System.nanoTime();
        RunSummary summary = DistributedRun.run(job, null, options, recorder);
        System.out.printf("2 ranks, %d steps with metrics and evaluation: %.1f s%n", STEPS, (System.nanoTime() - t0) / 1e9);

        assertEquals(STEPS, summary.steps());
        assertEquals(0, summary.restarts(), "the ring broke");
        assertEquals(List.of("epoch 1 rank 0 of 2", "epoch 1 rank 1 of 2"), recorder.rings.stream().sorted().toList());
        assertEquals(5, recorder.blockedEvalStep);
        assertEquals(STEPS, summary.finalEval().step());

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
        assertEquals(List.of(5L, 10L, 12L), steps.get("eval"),
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
