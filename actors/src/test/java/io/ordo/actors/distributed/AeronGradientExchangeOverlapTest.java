package io.ordo.actors.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.Aeron;
import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.param.GradientReadiness;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.task.CopyTask;
import io.ordo.model.train.Trainer;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.transport.allreduce.BucketPlan;
import io.ordo.transport.allreduce.EmbeddedMediaDriver;
import io.ordo.transport.allreduce.RingChannels;
import io.ordo.transport.allreduce.RingTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Overlapping the gradient sum with backward ({@link AeronGradientExchange#overlapped}) changes when
 * buckets are summed, not what: three ranks as threads on one embedded driver, training a few steps
 * of a model with random float gradients (so the summation order shows in the bits) through many
 * small buckets, end with the same bits with overlap on and off. A neighbour that goes silent while
 * the communication thread sums a bucket surfaces as a {@link RingTimeoutException} from {@code sum}
 * on the trainer's thread, and an abandoned step stops the communication thread at once.
 */
class AeronGradientExchangeOverlapTest {
    private static final int WORLD = 3;
    private static final int STEPS = 3;
    private static final int ROWS = 7;
    /** ~4.6k parameters (4 layers): 2 KiB buckets make 10 of them, several per block. */
    private static final ModelConfig MODEL = new ModelConfig(16, 12, 16, 2, 4, 2, 0.1, true, 5);
    private static final int BUCKET_BYTES = 2048;

    /** What one rank ended with. */
    private record Outcome(float[] params, float[] grads, List<Double> losses, AeronGradientExchange.OverlapStats stats) {
    }

    @Test
    void overlappedSumGivesTheSameBitsAsTheSumAfterBackward() throws Exception {
        List<TokenBatch> batches = batches();
        AeronConfig config = AeronConfig.defaults().withTermLength(1 << 20).withBucketBytes(BUCKET_BYTES);
        List<Outcome> plain;
        List<Outcome> overlapped;
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(config, 2 * WORLD)) {
            plain = onRankThreads(WORLD, r -> train(driver.config().withOverlap(false), 4400, r, batches));
            overlapped = onRankThreads(WORLD, r -> train(driver.config().withOverlap(true), 4500, r, batches));
        }
        int buckets = BucketPlan.fromEnd(gpt().params().size(), BUCKET_BYTES).buckets();
        assertTrue(buckets >= 8, "the model should span many buckets, got " + buckets);
        for (int r = 0; r < WORLD; r++) {
            String rank = "rank " + r + ": ";
            assertArrayEquals(plain.get(0).grads(), plain.get(r).grads(), rank + "plain gradient vs rank 0");
            assertArrayEquals(plain.get(r).grads(), overlapped.get(r).grads(), rank + "summed gradient, overlap vs not");
            assertArrayEquals(plain.get(r).params(), overlapped.get(r).params(), rank + "parameters, overlap vs not");
            assertEquals(plain.get(r).losses(), overlapped.get(r).losses(), rank + "losses, overlap vs not");
            AeronGradientExchange.OverlapStats stats = overlapped.get(r).stats();
            assertNotNull(stats, rank + "the overlapped exchange must have run overlapped steps");
            assertEquals(buckets, stats.buckets(), rank + "buckets");
            assertEquals(buckets, stats.handedEarly(), rank + "backward reports every bucket before sum");
            assertEquals(null, plain.get(r).stats(), rank + "no overlap when off");
        }
    }

    /** K steps of rank r's shard through a fresh ring; the gradient left after the last step is the summed one. */
    private static Outcome train(AeronConfig config, int stream, int rank, List<TokenBatch> batches) {
        try (Aeron aeron = EmbeddedMediaDriver.connect(config);
             AeronGradientExchange exchange = AeronGradientExchange.join(aeron, rank, RingChannels.ipc(WORLD, stream),
                     config)) {
            assertEquals(config.overlap(), exchange.overlaps());
            Trainer trainer = new Trainer(gpt(), DataParallelFixture.OPTIMIZER.withGradClipNorm(0), exchange);
            List<Double> losses = new ArrayList<>();
            for (TokenBatch b : batches) {
                losses.add(trainer.step(DataParallelFixture.shard(b, rank, WORLD)).losses().total());
            }
            ParameterStore store = trainer.model().params();
            return new Outcome(store.values().toFloatVector(), store.grads().toFloatVector(), losses,
                    exchange.lastOverlap());
        }
    }

    @Test
    void aSilentNeighbourDuringOverlapSurfacesInSumOnTheTrainersThread() throws Exception {
        AeronConfig config = AeronConfig.defaults().withTermLength(1 << 20).withBucketBytes(BUCKET_BYTES)
                .withOverlap(true).withExchangeTimeout(Duration.ofMillis(1000));
        CountDownLatch done = new CountDownLatch(1);
        TokenBatch batch = batches().get(0);
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(config, 2)) {
            AeronConfig resolved = driver.config();
            List<Object> results = onRankThreads(2, r -> {
                try (Aeron aeron = EmbeddedMediaDriver.connect(resolved);
                     AeronGradientExchange exchange = AeronGradientExchange.join(aeron, r, RingChannels.ipc(2, 4600),
                             resolved)) {
                    Trainer trainer = new Trainer(gpt(), DataParallelFixture.OPTIMIZER, exchange);
                    TokenBatch shard = DataParallelFixture.shard(batch, r, 2);
                    if (r == 1) {
                        // takes part in the counts, then goes silent: no gradient bucket from this rank
                        exchange.sumCounts(0, trainer.model().targetCounts(shard));
                        done.await(60, TimeUnit.SECONDS);
                        return "silent";
                    }
                    try {
                        long t0 = System.nanoTime();
                        RingTimeoutException e = assertThrows(RingTimeoutException.class, () -> trainer.step(shard));
                        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                        assertTrue(ms < 8000, "the timeout took " + ms + " ms");
                        assertEquals(0, e.step(), "step of the timeout");
                        assertInstanceOf(RingTimeoutException.class, e.getCause(), "the communication thread's timeout");
                        assertTrue(java.util.Arrays.stream(e.getStackTrace())
                                        .anyMatch(f -> f.getMethodName().equals("sum")),
                                "thrown from sum: " + java.util.Arrays.toString(e.getStackTrace()));
                        assertThrows(IllegalStateException.class, () -> exchange.sumCounts(1, new long[] {1}),
                                "the ring is broken after a timeout");
                        return e;
                    } finally {
                        done.countDown();
                    }
                }
            });
            assertInstanceOf(RingTimeoutException.class, results.get(0));
        }
    }

    @Test
    void anAbandonedStepStopsTheCommunicationThreadAtOnce() throws Exception {
        AeronConfig config = AeronConfig.defaults().withTermLength(1 << 20).withBucketBytes(BUCKET_BYTES)
                .withOverlap(true).withExchangeTimeout(Duration.ofSeconds(30));
        CountDownLatch done = new CountDownLatch(1);
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(config, 2)) {
            AeronConfig resolved = driver.config();
            List<Long> closeMs = onRankThreads(2, r -> {
                long closedIn;
                try (Aeron aeron = EmbeddedMediaDriver.connect(resolved)) {
                    AeronGradientExchange exchange = AeronGradientExchange.join(aeron, r, RingChannels.ipc(2, 4700),
                            resolved);
                    try {
                        if (r == 1) {
                            done.await(60, TimeUnit.SECONDS);
                            return 0L;
                        }
                        ParameterStore store = gpt().params();
                        GradientReadiness readiness = exchange.overlapped(0, store);
                        // the last bucket is final: the communication thread starts it and waits for rank 1
                        BucketPlan plan = BucketPlan.fromEnd(store.size(), BUCKET_BYTES);
                        readiness.ready(plan.offset(plan.buckets() - 1), store.size());
                        Thread.sleep(300);
                        long t0 = System.nanoTime();
                        exchange.abandon(0, new IllegalStateException("backward failed"));
                        long abandonMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                        assertTrue(abandonMs < 5000, "abandon took " + abandonMs + " ms");
                        assertThrows(IllegalStateException.class, () -> exchange.sumCounts(1, new long[] {1}),
                                "an abandoned step breaks the ring");
                    } finally {
                        long t0 = System.nanoTime();
                        exchange.close();
                        closedIn = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                        if (r == 0) {
                            done.countDown();
                        }
                    }
                }
                return closedIn;
            });
            assertTrue(closeMs.get(0) < 5000, "close took " + closeMs.get(0) + " ms");
        }
    }

    private static List<TokenBatch> batches() {
        CopyTask task = new CopyTask(MODEL.vocabSize(), MODEL.seqLen(), Objective.ntp(), true, 3);
        List<TokenBatch> out = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            out.add(task.next(ROWS));
        }
        return out;
    }

    /** The same initial parameters (and dropout streams) on every rank. */
    private static Gpt gpt() {
        return new Gpt(MODEL, Objective.ntp(), DataType.FLOAT);
    }

    private static <T> List<T> onRankThreads(int world, RankThreads.Body<T> body) throws Exception {
        return RankThreads.run(world, 120, body);
    }
}
