package io.ordo.transport.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.Aeron;
import io.ordo.transport.frame.ChunkDtype;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ring members as threads with separate Aeron clients on one embedded driver. */
class RingAllReduceThreadTest {
    private EmbeddedMediaDriver driver;

    @BeforeEach
    void launchDriver() {
        driver = EmbeddedMediaDriver.launch(AeronConfig.defaults().withTermLength(4 << 20), 6);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @ParameterizedTest
    @EnumSource(value = ChunkDtype.class, names = {"FP16", "BF16"})
    void shouldBoundCompressionErrorAndLeaveEveryRankIdentical(ChunkDtype dtype) throws Exception {
        AeronConfig config = driver.config().withWireDtype(dtype);
        int n = 3;
        int size = 50_001;
        List<float[]> results = RingThreads.run(config, RingChannels.ipc(n, 100 + dtype.ordinal() * 10), ring -> {
            ByteBuffer data = RingFixtures.floats(size);
            for (int i = 0; i < size; i++) {
                data.putFloat(4 * i, RingFixtures.randomValue(ring.rank(), i, 7));
            }
            ring.allReduce(1, data);
            float[] out = new float[size];
            data.asFloatBuffer().get(out);
            return out;
        });
        // each of the n - 1 hops rounds a partial sum of at most n terms in [-1, 1], and the all-gather rounds once more
        double unit = dtype == ChunkDtype.FP16 ? 0x1p-11 : 0x1p-8;
        double bound = n * n * unit;
        double worst = 0;
        for (int i = 0; i < size; i++) {
            double exact = 0;
            for (int r = 0; r < n; r++) {
                exact += RingFixtures.randomValue(r, i, 7);
            }
            worst = Math.max(worst, Math.abs(results.get(0)[i] - exact));
        }
        assertTrue(worst <= bound, dtype + " worst error " + worst + " > bound " + bound);
        assertTrue(worst > 0, "a lossy wire should lose something");
        assertArrayEquals(results.get(0), results.get(1));
        assertArrayEquals(results.get(0), results.get(2));
    }

    @Test
    void shouldSumExactlyOverUdpLoopback() throws Exception {
        RingChannels channels = RingChannels.udp(List.of("127.0.0.1:" + freeUdpPort(), "127.0.0.1:" + freeUdpPort()), 200);
        int size = 300_007;
        List<Integer> mismatches = RingThreads.run(driver.config(), channels, ring -> {
            ByteBuffer data = RingFixtures.floats(size);
            int bad = 0;
            for (long step = 0; step < 3; step++) {
                RingFixtures.fillIntegers(data, ring.rank(), 0, size);
                ring.allReduce(step, data);
                for (int i = 0; i < size; i++) {
                    bad += data.getFloat(4 * i) == RingFixtures.integerSum(2, i) ? 0 : 1;
                }
            }
            return bad;
        });
        assertEquals(List.of(0, 0), mismatches);
    }

    @Test
    void shouldSumExactlyBucketByBucketWithADdpPlan() throws Exception {
        int size = 123_457;
        BucketPlan plan = BucketPlan.ddp(size, 40_000, 150_000);
        List<Integer> mismatches = RingThreads.run(driver.config(), RingChannels.ipc(3, 600), ring -> {
            ByteBuffer data = RingFixtures.floats(size);
            RingFixtures.fillIntegers(data, ring.rank(), 0, size);
            ring.allReduce(9, new org.agrona.concurrent.UnsafeBuffer(data), plan);
            int bad = 0;
            for (int i = 0; i < size; i++) {
                bad += data.getFloat(4 * i) == RingFixtures.integerSum(3, i) ? 0 : 1;
            }
            return bad;
        });
        assertEquals(List.of(0, 0, 0), mismatches);
    }

    @Test
    void shouldRunOnAnAeronRuntimeWithItsOwnEmbeddedDriver() throws Exception {
        try (AeronRuntime runtime = AeronRuntime.start(AeronConfig.defaults().withTermLength(1 << 20), 2)) {
            List<Float> out = RingThreads.run(runtime.config(), RingChannels.ipc(2, 700), ring -> {
                ByteBuffer data = RingFixtures.floats(10);
                data.putFloat(36, ring.rank() + 1.5f);
                ring.allReduce(0, data);
                return data.getFloat(36);
            });
            assertEquals(List.of(4f, 4f), out);
        }
    }

    @Test
    void shouldThrowRingTimeoutWhenTheRingNeverForms() {
        AeronConfig config = driver.config().withConnectTimeout(Duration.ofMillis(300));
        try (Aeron aeron = EmbeddedMediaDriver.connect(config)) {
            long start = System.nanoTime();
            RingTimeoutException e = assertThrows(RingTimeoutException.class,
                    () -> RingAllReduce.create(aeron, 0, RingChannels.ipc(2, 300), config));
            assertTrue(e.getMessage().contains("did not form"), e.getMessage());
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }
    }

    @Test
    void shouldStopAnAllReduceAtOnceWhenAbortedFromAnotherThread() throws Exception {
        AeronConfig config = driver.config().withExchangeTimeout(Duration.ofSeconds(30));
        RingChannels channels = RingChannels.ipc(2, 800);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.concurrent.Future<?> silent = pool.submit(() -> {
                try (Aeron aeron = EmbeddedMediaDriver.connect(config);
                     RingAllReduce ring = RingAllReduce.create(aeron, 1, channels, config)) {
                    done.await(60, java.util.concurrent.TimeUnit.SECONDS);
                }
                return null;
            });
            try (Aeron aeron = EmbeddedMediaDriver.connect(config);
                 RingAllReduce ring = RingAllReduce.create(aeron, 0, channels, config)) {
                java.util.concurrent.Future<RuntimeException> waiting = pool.submit(() -> {
                    try {
                        ring.allReduce(0, RingFixtures.floats(1000));
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                });
                Thread.sleep(200);
                long start = System.nanoTime();
                ring.abort();
                RuntimeException e = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(System.nanoTime() - start < 5_000_000_000L);
                assertTrue(e instanceof IllegalStateException && e.getMessage().contains("aborted"), String.valueOf(e));
                IllegalStateException later = assertThrows(IllegalStateException.class,
                        () -> ring.allReduce(1, RingFixtures.floats(10)));
                assertTrue(later.getMessage().contains("aborted"), later.getMessage());
            } finally {
                done.countDown();
            }
            silent.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRejectChunksFromANeighbourWithAnotherMtu() throws Exception {
        RingChannels channels = RingChannels.ipc(2, 500);
        AeronConfig[] configs = {driver.config().withExchangeTimeout(Duration.ofSeconds(2)),
            driver.config().withExchangeTimeout(Duration.ofSeconds(2)).withMtu(32768)};
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<RuntimeException>> outcomes = new java.util.ArrayList<>();
            for (int rank = 0; rank < 2; rank++) {
                int r = rank;
                outcomes.add(pool.submit(() -> {
                    try (Aeron aeron = EmbeddedMediaDriver.connect(configs[r]);
                         RingAllReduce ring = RingAllReduce.create(aeron, r, channels, configs[r])) {
                        ring.allReduce(0, RingFixtures.floats(100_000));
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            int rejected = 0;
            for (java.util.concurrent.Future<RuntimeException> outcome : outcomes) {
                RuntimeException e = outcome.get(30, java.util.concurrent.TimeUnit.SECONDS);
                // the first rank to see a foreign chunk rejects it; its neighbour then either does too or times out
                assertTrue(e instanceof IllegalStateException || e instanceof RingTimeoutException, String.valueOf(e));
                if (e instanceof IllegalStateException) {
                    assertTrue(e.getMessage().contains("same config"), e.getMessage());
                    rejected++;
                }
            }
            assertTrue(rejected >= 1, "no rank rejected the foreign chunks");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldLeaveASingleRankBufferUnchanged() throws Exception {
        List<Float> out = RingThreads.run(driver.config(), RingChannels.ipc(1, 400), ring -> {
            ByteBuffer data = RingFixtures.floats(3);
            data.putFloat(4, 2.5f);
            ring.allReduce(0, data);
            return data.getFloat(4);
        });
        assertEquals(List.of(2.5f), out);
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
