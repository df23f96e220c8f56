package io.ordo.actors.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.train.GradientExchange;
import io.ordo.model.train.Trainer;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.transport.allreduce.EmbeddedMediaDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data parallelism is exact up to float rounding: n rank JVMs, each training K steps on its rows of
 * every batch (shards of unequal sizes) with target counts and gradients summed over the Aeron ring,
 * end with the parameters of one trainer on the whole batches, and with bit-identical parameters on
 * every rank; the loss each rank reports per step is the whole batch's (the ring sums the ranks'
 * shares), the same on every rank. Also with the sum overlapped with backward, in small buckets.
 */
@Tag("system")
class AeronGradientExchangeProcessTest {
    private static final int STEPS = 5;
    /** |a - b| <= ABS + REL * |b| per parameter. */
    private static final double ABS = 2e-6;
    private static final double REL = 1e-4;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void shouldMatchOneTrainerOnTheConcatenatedBatchWithTwoRanks() throws Exception {
        checkAgainstSingleTrainer(2, 4100);
    }

    @Test
    void shouldMatchOneTrainerOnTheConcatenatedBatchWithThreeRanks() throws Exception {
        checkAgainstSingleTrainer(3, 4200);
    }

    /** 2 KiB buckets: ~50 of them, summed by the communication thread as backward finishes them. */
    @Test
    void shouldMatchOneTrainerWithTwoRanksOverlappingTheSumWithBackward() throws Exception {
        checkAgainstSingleTrainer(2, 4800, "2048", "true");
    }

    private void checkAgainstSingleTrainer(int world, int baseStream, String... exchangeArgs) throws Exception {
        List<float[]> ranks;
        List<List<String>> rankLosses = new ArrayList<>();
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(AeronConfig.defaults().withTermLength(1 << 20), world)) {
            for (int r = 0; r < world; r++) {
                processes.add(start(driver.aeronDir(), r, world, baseStream, exchangeArgs));
            }
            ranks = new ArrayList<>();
            for (int r = 0; r < world; r++) {
                Process p = processes.get(r);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    fail("rank " + r + " did not finish: " + log(r));
                }
                assertEquals(0, p.exitValue(), "rank " + r + ": " + log(r));
                ranks.add(DataParallelFixture.readFloats(dir.resolve("params-" + r + ".bin")));
                rankLosses.add(Files.readAllLines(dir.resolve("params-" + r + ".bin.losses")));
            }
        }
        for (int r = 1; r < world; r++) {
            assertArrayEquals(ranks.get(0), ranks.get(r), "rank " + r + " differs from rank 0");
            assertEquals(rankLosses.get(0), rankLosses.get(r), "rank " + r + " reported other losses than rank 0");
        }
        Trainer single = DataParallelFixture.trainer(DataParallelFixture.MODEL_SEED, GradientExchange.NONE);
        float[] initial = single.model().params().values().toFloatVector();
        List<TokenBatch> batches = DataParallelFixture.batches(STEPS);
        for (int s = 0; s < STEPS; s++) {
            double whole = single.step(batches.get(s)).losses().total();
            double reported = Double.parseDouble(rankLosses.get(0).get(s));
            assertEquals(whole, reported, 1e-5 * Math.abs(whole), "step " + (s + 1) + ": loss over the ring vs one trainer");
        }
        float[] expected = single.model().params().values().toFloatVector();
        float[] actual = ranks.get(0);
        assertEquals(expected.length, actual.length);
        double maxAbs = 0;
        double maxMoved = 0;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(actual[i] - expected[i]);
            maxAbs = Math.max(maxAbs, diff);
            maxMoved = Math.max(maxMoved, Math.abs(expected[i] - initial[i]));
            assertTrue(diff <= ABS + REL * Math.abs(expected[i]),
                    "parameter " + i + ": " + world + " ranks " + actual[i] + ", one trainer " + expected[i]);
        }
        System.out.printf("%d ranks vs one trainer after %d steps: max |diff| %.3g over %d parameters "
                + "(max parameter change %.3g)%n", world, STEPS, maxAbs, expected.length, maxMoved);
        assertTrue(maxMoved > 1e-3, "training should move the parameters; moved " + maxMoved);
    }

    private Process start(String aeronDir, int rank, int world, int baseStream, String... exchangeArgs)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(aeronDir, String.valueOf(rank), String.valueOf(world),
                String.valueOf(baseStream), String.valueOf(STEPS), dir.resolve("params-" + rank + ".bin").toString()));
        args.addAll(List.of(exchangeArgs));
        return JvmProcesses.start(ExchangeRankProcess.class, dir.resolve("rank-" + rank + ".log"),
                args.toArray(new String[0]));
    }

    private String log(int rank) {
        try {
            return Files.readString(dir.resolve("rank-" + rank + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
