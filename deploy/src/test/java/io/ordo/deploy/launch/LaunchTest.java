package io.ordo.deploy.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.ordo.deploy.Cli;
import io.ordo.deploy.RunFiles;
import io.ordo.deploy.ops.Scrape;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ordo launch} nodes as separate JVMs on loopback: three ranks train; one is killed (SIGKILL)
 * mid-run; the survivors' exchange times out instead of hanging, the coordinator re-forms the ring
 * with two ranks, both resume from rank 0's last checkpoint and finish, and the final parameters
 * match an uninterrupted one-rank run of the same job (the global batch is the same whatever the
 * world size) to float tolerance. The same when the rank stalls (SIGSTOP) instead of dying, and when
 * the killed node is node 0 (seed, coordinator and rank 0).
 * {@code --standalone} with two nodes reaches the same parameters. In every run rank 0 alone writes
 * {@code metrics.jsonl} with train, eval (accuracy) and checkpoint lines, and a restart line after a
 * re-formed ring.
 */
@Tag("system")
class LaunchTest {
    private static final int STEPS = 40;
    /** Max |difference| of a final parameter between the killed run and the one-rank run. */
    private static final double TOLERANCE = 1e-4;
    private static final long EVAL_EVERY = 20;

    private static List<String> job(Path out, long stepDelayMs) {
        return List.of("--task", "stargraph:2,3,10", "--objective", "ntp", "--steps", String.valueOf(STEPS), "--batch", "6", "--lr", "1e-3",
                "--d-model", "32", "--layers", "1", "--heads", "2", "--checkpoint-every", "5",
                "--eval-every", String.valueOf(EVAL_EVERY), "--out", out.toString(),
                "--step-delay-ms", String.valueOf(stepDelayMs));
    }

    @TempDir
    static Path shared;
    private static float[] oneRank;

    /** The uninterrupted one-rank run both tests compare with. */
    @BeforeAll
    static void trainOneRank() throws Exception {
        Path reference = shared.resolve("one-rank");
        try (LaunchedNodes one = LaunchedNodes.start(1, shared, job(reference, 0))) {
            assertTrue(one.processes.get(0).waitFor(120, TimeUnit.SECONDS), one.log(0));
            assertEquals(0, one.processes.get(0).exitValue(), one.log(0));
        }
        oneRank = finalParams(reference);
    }

    @Test
    void shouldTrainWithTwoStandaloneNodesToTheOneRankParameters(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("standalone");
        String log = standalone(2, 1, out);
        assertTrue(log.contains("[node 0] node 0 finished at step " + STEPS), log);
        assertTrue(log.contains("[node 1] ring epoch 1: rank 1 of 2"), log);
        assertClose(oneRank, finalParams(out), "2 standalone nodes");
        List<JsonNode> metrics = assertMetricsOfOneWriter(out, 0);
        assertEquals(List.of(10L, 20L, 30L, 40L), steps(metrics, "train"), "train lines every log-every (10) steps");
        assertEquals(List.of(5L, 10L, 15L, 20L, 25L, 30L, 35L, 40L), steps(metrics, "checkpoint"));
        assertEquals(List.of(EVAL_EVERY, (long) STEPS), steps(metrics, "eval"));
    }

    /**
     * 2 nodes x 2 workers: four ranks of one Aeron ring, each reading its rows of every batch of 6
     * (1, 2, 1, 2 rows): the token-weighted sum gives the one-rank run's parameters.
     */
    @Test
    void shouldTrainWithTwoNodesOfTwoWorkersToTheOneRankParameters(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("two-by-two");
        String log = standalone(2, 2, out);
        for (int rank = 0; rank < 4; rank++) {
            assertTrue(log.contains("ring epoch 1: rank " + rank + " of 4"), log);
        }
        assertClose(oneRank, finalParams(out), "2 nodes x 2 workers");
        assertMetricsOfOneWriter(out, 0);
    }

    /** {@code ordo launch --standalone} of the test job in this JVM; returns its output, after checking it exited 0. */
    private static String standalone(int nnodes, int procsPerNode, Path out) throws Exception {
        List<String> args = new ArrayList<>(List.of("launch", "--standalone", "--nnodes", String.valueOf(nnodes),
                "--nproc-per-node", String.valueOf(procsPerNode), "--seed-nodes", "127.0.0.1:" + LaunchedNodes.freeTcpRange(nnodes),
                "--aeron-port", String.valueOf(LaunchedNodes.freeUdpRange(nnodes * procsPerNode))));
        args.addAll(job(out, 0));
        String[] r = Cli.run(args.toArray(String[]::new));
        assertEquals("0", r[0], r[1] + r[2]);
        return r[1];
    }

    /**
     * The cursor is global: 2 launched nodes train until rank 0 has checkpointed step 20 and are
     * then killed; {@code ordo train} with 3 workers in one JVM resumes the same run directory to the
     * end, as one rank throughout.
     */
    @Test
    void shouldMoveALaunchedRunToOrdoTrainOnAnotherWorldSize(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("moved");
        try (LaunchedNodes nodes = LaunchedNodes.start(2, dir, job(out, 100))) {
            nodes.awaitLog(0, "checkpoint step 20", Duration.ofSeconds(120));
            nodes.processes.forEach(Process::destroyForcibly);
        }
        List<String> train = new ArrayList<>(List.of("train", "--resume", "--workers", "3", "--http-port", "-1"));
        List<String> job = job(out, 0);
        train.addAll(job.subList(0, job.indexOf("--step-delay-ms")));
        String[] r = Cli.run(train.toArray(String[]::new));
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("done: " + STEPS + " steps"), r[1]);
        assertTrue(r[1].matches("(?s).*steps 2\\d\\.\\." + STEPS + ".*"), "resumed from step 20 or later: " + r[1]);
        assertClose(oneRank, finalParams(out), "2 launched nodes, then ordo train with 3 workers");
    }

    @Test
    void shouldReformWithSurvivorsAndFinishFromTheLastCheckpointWhenARankIsKilled(@TempDir Path dir) throws Exception {
        survive(dir, 3, 2, p -> p.destroyForcibly(), "3 ranks, one killed");
    }

    @Test
    void shouldReformWithSurvivorsWhenARankStallsInsteadOfHanging(@TempDir Path dir) throws Exception {
        survive(dir, 3, 2, p -> signal(p, "STOP"), "3 ranks, one stalled (SIGSTOP)");
    }

    /**
     * Node 0 is the seed node, the oldest member (so it hosts the coordinator singleton) and rank 0
     * (it writes checkpoints and metrics.jsonl): when it dies, the split-brain resolver downs it, the
     * singleton starts on the next oldest node and continues the epoch count from the survivors'
     * re-registrations, and the new rank 0 resumes from the dead one's last checkpoint.
     */
    @Test
    void shouldReformWhenTheSeedNodeHoldingCoordinatorAndRankZeroIsKilled(@TempDir Path dir) throws Exception {
        survive(dir, 3, 0, p -> p.destroyForcibly(), "3 ranks, the seed node (coordinator, rank 0) killed");
    }

    /**
     * {@code nnodes} nodes; once rank 0 checkpointed step 10, {@code fault} hits node {@code victim}; the
     * others must re-form one ring without it, epoch 2 (no short-lived ring in between), resume from a
     * checkpoint and finish.
     */
    private static void survive(Path dir, int nnodes, int victim, java.util.function.Consumer<Process> fault,
                                String what) throws Exception {
        Path logs = dir.resolve("logs");
        java.nio.file.Files.createDirectories(logs);
        Path out = dir.resolve("ranks");
        int[] survivors = java.util.stream.IntStream.range(0, nnodes).filter(n -> n != victim).toArray();
        try (LaunchedNodes nodes = LaunchedNodes.start(nnodes, logs, job(out, 150))) {
            nodes.awaitLog(0, "checkpoint step 10", Duration.ofSeconds(120));
            assertNodeMetricsMove(nodes.httpPorts.get(1));
            long faultAt = System.nanoTime();
            fault.accept(nodes.processes.get(victim));
            for (int node : survivors) {
                nodes.awaitLog(node, "ring epoch 1 broken", Duration.ofSeconds(10));
            }
            long brokenMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt);
            for (int node : survivors) {
                nodes.awaitLog(node, "ring epoch 2: rank ", Duration.ofSeconds(60));
                nodes.awaitLog(node, " of " + survivors.length + ", resumed from checkpoint at step", Duration.ofSeconds(5));
            }
            long reformedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt);
            for (int node : survivors) {
                Process p = nodes.processes.get(node);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node " + node + " hung:\n" + nodes.log(node));
                assertEquals(0, p.exitValue(), nodes.log(node));
                assertTrue(nodes.log(node).contains("finished at step " + STEPS), nodes.log(node));
            }
            System.out.printf("%s: survivors' ring broken after %d ms, re-formed with %d after %d ms%n", what, brokenMs,
                    survivors.length, reformedMs);
            if (nodes.processes.get(victim).isAlive()) {
                signal(nodes.processes.get(victim), "CONT");
            }
        }
        assertClose(oneRank, finalParams(out), what);
        List<JsonNode> metrics = assertMetricsOfOneWriter(out, 1);
        assertTrue(steps(metrics, "eval").contains(EVAL_EVERY), what + ": no evaluation at step " + EVAL_EVERY);
    }

    /**
     * The run's {@code metrics.jsonl}: JSON lines from one writer (train steps rise between restart
     * lines), {@code restarts} restart lines, and last an evaluation of the last step with an accuracy.
     */
    private static List<JsonNode> assertMetricsOfOneWriter(Path run, int restarts) throws Exception {
        List<JsonNode> lines = RunFiles.metrics(run);
        long lastTrain = 0;
        for (JsonNode n : lines) {
            long step = n.get("step").asLong();
            if (n.get("kind").asText().equals("restart")) {
                lastTrain = step;
            } else if (n.get("kind").asText().equals("train")) {
                assertTrue(step > lastTrain, "train line of step " + step + " after step " + lastTrain + ": " + lines);
                lastTrain = step;
            }
        }
        assertEquals(restarts, steps(lines, "restart").size(), "restart lines: " + lines);
        JsonNode lastEval = lines.stream().filter(n -> n.get("kind").asText().equals("eval")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no eval line: " + lines));
        assertEquals(STEPS, lastEval.get("step").asLong(), lastEval.toString());
        double accuracy = lastEval.get("accuracy").asDouble(-1);
        assertTrue(accuracy >= 0 && accuracy <= 1, lastEval.toString());
        return lines;
    }

    private static List<Long> steps(List<JsonNode> lines, String kind) {
        return RunFiles.steps(lines, kind);
    }

    /**
     * A launch node serves /metrics: its all-reduce bytes, tokens and steps grow while it trains, and
     * it reports the model's parameter count.
     */
    private static void assertNodeMetricsMove(int port) throws Exception {
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        String first = Scrape.get(metrics).body();
        Thread.sleep(1000);
        String second = Scrape.get(metrics).body();
        for (String series : List.of("ordo_allreduce_bytes_total ", "ordo_tokens_total ", "ordo_steps_total ")) {
            double a = Scrape.value(first, series).orElseThrow(() -> new AssertionError(series + ":\n" + first));
            double b = Scrape.value(second, series).orElseThrow();
            assertTrue(a > 0 && b > a, series + " did not grow: " + a + " then " + b);
        }
        double parameters = Scrape.value(second, "ordo_model_parameters ").orElseThrow(() -> new AssertionError(second));
        assertTrue(parameters > 1000, "ordo_model_parameters of a launch node: " + parameters);
    }

    private static void signal(Process p, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor(), "kill -" + signal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double max = RunFiles.maxAbsDiff(expected, actual);
        System.out.printf("%s vs one rank after %d steps: max |param diff| %.3g over %d parameters%n",
                what, STEPS, max, expected.length);
        assertTrue(max < TOLERANCE, what + ": max |diff| " + max);
    }

    private static float[] finalParams(Path run) throws Exception {
        return RunFiles.finalParams(run, STEPS);
    }
}
