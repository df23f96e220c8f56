package io.ordo.transport.allreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.Aeron;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A UDP ring on loopback with a {@link RoguePublisher} on its channels (a real Aeron publication to
 * each rank's subscription, interleaved with the ring's traffic): chunks with the wrong nonce or a
 * stale epoch are dropped and counted, the sums stay exact, and a flood of them does not keep a rank
 * waiting for a silent neighbour past the exchange timeout.
 */
class RingAllReduceRogueTest {
    private static final int WORLD = 2;
    private EmbeddedMediaDriver driver;

    @BeforeEach
    void launchDriver() {
        driver = EmbeddedMediaDriver.launch(AeronConfig.defaults().withTermLength(4 << 20).withMtu(8192), 8);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldDropChunksOfAnotherRingIdentityAndSumExactly() throws Exception {
        RingChannels channels = udpRing(RingIdentity.draw(3, new SecureRandom()));
        AeronConfig config = driver.config();
        int size = 100_003;
        int steps = 4;
        LongAdder rejected = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(WORLD);
        long t0 = System.nanoTime();
        try (RoguePublisher rogue = new RoguePublisher(config, channels, size, steps, 500_000)) {
            List<Future<Integer>> ranks = new ArrayList<>();
            for (int rank = 0; rank < WORLD; rank++) {
                int r = rank;
                ranks.add(pool.submit(() -> {
                    try (Aeron aeron = EmbeddedMediaDriver.connect(config);
                         RingAllReduce ring = RingAllReduce.create(aeron, r, channels, config, rejected)) {
                        assertTrue(rogue.awaitConnected(30), "the rogue never reached the ring");
                        ByteBuffer data = RingFixtures.floats(size);
                        int bad = 0;
                        for (long step = 0; step < steps; step++) {
                            RingFixtures.fillIntegers(data, r, 0, size);
                            ring.allReduce(step, data);
                            for (int i = 0; i < size; i++) {
                                bad += data.getFloat(4 * i) == RingFixtures.integerSum(WORLD, i) ? 0 : 1;
                            }
                        }
                        return bad;
                    }
                }));
            }
            List<Integer> mismatches = new ArrayList<>();
            for (Future<Integer> f : ranks) {
                mismatches.add(f.get(60, TimeUnit.SECONDS));
            }
            System.out.printf("rogue sent %d chunks, the ring rejected %d, %d steps in %.1f s%n", rogue.sent(),
                    rejected.sum(), steps, (System.nanoTime() - t0) / 1e9);
            assertEquals(List.of(0, 0), mismatches, "elements that differ from the exact sum, per rank");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(rejected.sum() > 0, "no chunk was rejected");
    }

    @Test
    void shouldTimeOutOnASilentNeighbourWhileARogueFloodsTheRing() throws Exception {
        RingChannels channels = udpRing(RingIdentity.draw(1, new SecureRandom()));
        AeronConfig config = driver.config().withExchangeTimeout(Duration.ofSeconds(1));
        int size = 1000;
        LongAdder rejected = new LongAdder();
        CountDownLatch done = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (RoguePublisher rogue = new RoguePublisher(config, channels, size, 1, 100_000)) {
            Future<?> silent = pool.submit(() -> {
                try (Aeron aeron = EmbeddedMediaDriver.connect(config);
                     RingAllReduce ring = RingAllReduce.create(aeron, 1, channels, config, rejected)) {
                    done.await(60, TimeUnit.SECONDS);
                }
                return null;
            });
            Future<Throwable> waiting = pool.submit(() -> {
                try (Aeron aeron = EmbeddedMediaDriver.connect(config);
                     RingAllReduce ring = RingAllReduce.create(aeron, 0, channels, config, rejected)) {
                    assertTrue(rogue.awaitConnected(30), "the rogue never reached the ring");
                    ring.allReduce(0, RingFixtures.floats(size));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Throwable e = waiting.get(15, TimeUnit.SECONDS);
            assertInstanceOf(RingTimeoutException.class, e, String.valueOf(e));
            done.countDown();
            silent.get(30, TimeUnit.SECONDS);
        } finally {
            done.countDown();
            pool.shutdownNow();
        }
        assertTrue(rejected.sum() > 0, "the rogue's chunks never reached the rank");
    }

    private static RingChannels udpRing(RingIdentity identity) throws Exception {
        List<String> endpoints = new ArrayList<>();
        for (int r = 0; r < WORLD; r++) {
            endpoints.add("127.0.0.1:" + freeUdpPort());
        }
        return RingChannels.udp(endpoints, 900).withIdentity(identity);
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
