package io.ordo.deploy.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.cluster.ArteryTls;
import io.ordo.actors.cluster.TestKeyStores;
import io.ordo.actors.state.ModelState;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.checkpoint.Section;
import io.ordo.deploy.Cli;
import io.ordo.deploy.ops.Scrape;
import java.net.URI;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ordo launch --standalone --nnodes 2 --tls KEYSTORE}: the node processes form the cluster
 * over TLS (the key path passed on as an option, the password in the inherited environment) and
 * train while a rogue Aeron
 * publisher floods their ring's UDP ports with well-formed chunks of a guessed or unauthenticated
 * identity: the rogue's chunks show up in {@code ordo_allreduce_rejected_chunks_total}, the ring
 * never breaks (one epoch, no restart), and the final parameters are the one-rank run's.
 */
@Tag("system")
class LaunchTlsTest {
    private static final int STEPS = 20;
    private static final double TOLERANCE = 1e-4;
    /** Stream id of rank 0 of ring epoch 1 (DistributedRun's base 1000 + epoch x 256). */
    private static final int EPOCH_ONE_STREAM = 1000 + 256;
    /** The run takes 40 s on a loaded 2-core machine. */
    private static final long RUN_LIMIT_SECONDS = 300;

    private static List<String> job(Path out) {
        return List.of("--task", "stargraph:2,3,10", "--objective", "ntp", "--steps", String.valueOf(STEPS), "--batch", "6",
                "--lr", "1e-3", "--d-model", "32", "--layers", "1", "--heads", "2", "--checkpoint-every", "10",
                "--eval-every", "0", "--out", out.toString());
    }

    @Test
    void shouldTrainOverTlsToTheOneRankParametersWhileDroppingARoguesChunks(@TempDir Path dir) throws Exception {
        Path keyStore = TestKeyStores.keyPair(dir, "cluster");
        Path out = dir.resolve("tls");
        Path log = dir.resolve("launch.log");
        int aeronBase = LaunchedNodes.freeUdpRange(2);
        int httpBase = LaunchedNodes.freeTcpRange(2);
        int seedPort = LaunchedNodes.freeTcpRange(2);
        List<String> args = new ArrayList<>(List.of("--standalone", "--nnodes", "2",
                "--seed-nodes", "127.0.0.1:" + seedPort, "--aeron-port", String.valueOf(aeronBase),
                "--http-port", String.valueOf(httpBase), "--step-delay-ms", "150", "--tls", keyStore.toString()));
        args.addAll(job(out));
        double rejected = 0;
        List<String> nodeCommandLines = List.of();
        long t0 = System.nanoTime();
        Process launcher = LaunchedNodes.launcher(args, Map.of(ArteryTls.PASSWORD_ENV, TestKeyStores.PASSWORD), log);
        try (RogueRing rogue = new RogueRing(List.of("127.0.0.1:" + aeronBase, "127.0.0.1:" + (aeronBase + 1)),
                EPOCH_ONE_STREAM, 1, STEPS)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_LIMIT_SECONDS);
            while (launcher.isAlive()) {
                if (nodeCommandLines.size() < 2) {
                    nodeCommandLines = launcher.descendants().map(LaunchTlsTest::commandLine).toList();
                }
                String[] scrapes = {scrape(httpBase), scrape(httpBase + 1)};
                rejected = Math.max(rejected, sum(scrapes, "ordo_allreduce_rejected_chunks_total "));
                double epoch = max(scrapes, "ordo_ring_epoch "); // NaN before the first ring
                assertFalse(epoch > 1, "the ring re-formed (epoch " + epoch + "): the rogue broke it");
                assertTrue(System.nanoTime() < deadline, "the launch did not finish within " + RUN_LIMIT_SECONDS + " s");
                Thread.sleep(200);
            }
            System.out.printf("2 TLS nodes, %d steps with a rogue (%d chunks sent): %.1f s, rejected %.0f%n", STEPS,
                    rogue.sent(), (System.nanoTime() - t0) / 1e9, rejected);
        } finally {
            launcher.destroy(); // a failed run: the launcher's shutdown hook stops its nodes
            launcher.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertEquals(0, launcher.exitValue(), output);
        assertTrue(output.contains("[node 1] ordo launch: node 1 of 2 (127.0.0.1, cluster port " + (seedPort + 1) + " TLS"),
                output);
        assertTrue(output.contains("[node 1] ring epoch 1: rank 1 of 2"), output);
        assertFalse(output.contains("ring epoch 2"), "the rogue broke the ring:\n" + output);
        assertFalse(output.contains(TestKeyStores.PASSWORD), "the password was printed");
        assertEquals(2, nodeCommandLines.size(), "node command lines seen: " + nodeCommandLines);
        for (String line : nodeCommandLines) {
            assertTrue(line.contains("--tls-key-store " + keyStore), line);
            assertFalse(line.contains(TestKeyStores.PASSWORD), "a node's command line holds the password: " + line);
        }
        assertFalse(Files.readString(out.resolve("metrics.jsonl")).contains("\"restart\""), "a restart line");
        assertTrue(rejected > 0, "no rogue chunk counted in ordo_allreduce_rejected_chunks_total");

        Path reference = dir.resolve("one-rank");
        List<String> train = new ArrayList<>(List.of("train", "--workers", "1", "--http-port", "-1"));
        train.addAll(job(reference));
        String[] one = Cli.run(train.toArray(String[]::new));
        assertEquals("0", one[0], one[1] + one[2]);
        assertClose(finalParams(reference), finalParams(out));
    }

    /** The whole command line of a process (ProcessHandle.Info cuts it at 4 KB): Linux's /proc. */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return "(gone: " + e + ")";
        }
    }

    /** The node's /metrics text, "" while its endpoint is not up (or gone). */
    private static String scrape(int port) {
        try {
            return Scrape.get(URI.create("http://127.0.0.1:" + port + "/metrics")).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** The sum of {@code series} over the scrapes (0 where absent). */
    private static double sum(String[] scrapes, String series) {
        double sum = 0;
        for (String text : scrapes) {
            sum += Scrape.value(text, series).orElse(0);
        }
        return sum;
    }

    /** The largest value of {@code series} in the scrapes (0 where absent). */
    private static double max(String[] scrapes, String series) {
        double max = 0;
        for (String text : scrapes) {
            max = Math.max(max, Scrape.value(text, series).orElse(0));
        }
        return max;
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        System.out.printf("2 TLS nodes with a rogue vs one rank after %d steps: max |param diff| %.3g over %d parameters%n",
                STEPS, max, expected.length);
        assertTrue(max < TOLERANCE, "max |param diff| " + max);
    }

    private static float[] finalParams(Path run) throws Exception {
        try (CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), 3)) {
            Checkpoint c = store.loadLatestValid().orElseThrow();
            assertEquals(STEPS, c.step());
            Section params = c.sections().stream().filter(s -> s.name().equals(ModelState.PARAMS)).findFirst().orElseThrow();
            FloatBuffer floats = params.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] out = new float[floats.remaining()];
            floats.get(out);
            return out;
        }
    }
}
