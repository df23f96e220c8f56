package io.ordo.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.Losses;
import io.ordo.model.param.Init;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Buf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/** Replicas on their own threads average their gradients through one {@link LocalGradientExchange}. */
class LocalGradientExchangeTest {
    /** Not a multiple of the chunk or of 2 or 3: slices and chunks have ragged ends. */
    private static final int SIZE = 2 * LocalGradientExchange.CHUNK + 1237;
    private static final Duration LONG = Duration.ofSeconds(60);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static ParameterStore store(DataType type) {
        ParameterStore s = new ParameterStore(type);
        s.add("a", 7, 1000, Init.NORMAL);
        s.add("b", 1, SIZE - 7000, Init.ZEROS);
        s.allocate(1);
        return s;
    }

    private static void randomGrads(ParameterStore s, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < s.size(); i++) {
            s.gradBuf().set(i, rng.nextDouble(-3, 3) * Math.pow(10, rng.nextInt(-4, 2)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void shouldLeaveTheMeanInEveryReplicaWithTheSameBits(int n) throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(n, LONG);
        List<ParameterStore> stores = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            stores.add(store(DataType.FLOAT));
        }
        for (long step = 0; step < 3; step++) {
            double[] reference = new double[SIZE];
            for (int r = 0; r < n; r++) {
                randomGrads(stores.get(r), 100 * step + r);
                for (int i = 0; i < SIZE; i++) {
                    reference[i] += stores.get(r).gradBuf().get(i) / n;
                }
            }
            long s = step;
            List<Losses> means = onThreads(n, r -> exchange.participant(r).average(s, stores.get(r),
                    new Losses(r, 2 * r, 3 * r, 6 * r)));
            Buf first = stores.get(0).gradBuf();
            for (int i = 0; i < SIZE; i++) {
                assertEquals(reference[i], first.get(i), 1e-6 * Math.abs(reference[i]) + 1e-30, "mean at " + i);
                for (int r = 1; r < n; r++) {
                    assertEquals(Float.floatToRawIntBits((float) first.get(i)),
                            Float.floatToRawIntBits((float) stores.get(r).gradBuf().get(i)), "bits of rank " + r + " at " + i);
                }
            }
            double meanRank = (n - 1) / 2.0;
            for (Losses l : means) {
                assertEquals(new Losses(meanRank, 2 * meanRank, 3 * meanRank, 6 * meanRank), l);
            }
        }
    }

    @Test
    void shouldAverageDoubleGradientsToo() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(2, LONG);
        ParameterStore a = store(DataType.DOUBLE);
        ParameterStore b = store(DataType.DOUBLE);
        randomGrads(a, 1);
        randomGrads(b, 2);
        double expected = (a.gradBuf().get(5) + b.gradBuf().get(5)) / 2;
        onThreads(2, r -> {
            exchange.participant(r).average(0, r == 0 ? a : b);
            return null;
        });
        assertEquals(expected, a.gradBuf().get(5), 0.0);
        assertEquals(expected, b.gradBuf().get(5), 0.0);
    }

    @Test
    void shouldTimeOutNamingTheReplicaThatNeverArrives() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(3, Duration.ofMillis(300));
        ParameterStore s0 = store(DataType.FLOAT);
        ParameterStore s1 = store(DataType.FLOAT);
        long t0 = System.nanoTime();
        Future<?> r0 = threads.submit(() -> exchange.participant(0).average(0, s0));
        Future<?> r1 = threads.submit(() -> exchange.participant(1).average(0, s1));
        Throwable e0 = failure(r0);
        Throwable e1 = failure(r1);
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "the wait should end after about the timeout");
        GradientExchangeTimeoutException timeout = e0 instanceof GradientExchangeTimeoutException t ? t
                : assertInstanceOf(GradientExchangeTimeoutException.class, e1.getCause() == null ? e1 : e1.getCause());
        assertEquals(List.of(2), timeout.missingRanks());
        assertTrue(timeout.getMessage().contains("[2]"), timeout.getMessage());
        ParameterStore s2 = store(DataType.FLOAT);
        GradientExchangeAbortedException late = assertThrows(GradientExchangeAbortedException.class,
                () -> exchange.participant(2).average(0, s2));
        assertInstanceOf(GradientExchangeTimeoutException.class, late.getCause());
    }

    @Test
    void shouldReleaseWaitingReplicasAtOnceWhenAnotherAborts() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(3, LONG);
        ParameterStore s0 = store(DataType.FLOAT);
        ParameterStore s1 = store(DataType.FLOAT);
        Future<?> r0 = threads.submit(() -> exchange.participant(0).average(0, s0));
        Future<?> r1 = threads.submit(() -> exchange.participant(1).average(0, s1));
        Thread.sleep(200);
        long t0 = System.nanoTime();
        exchange.abort(new IllegalStateException("rank 2 crashed"));
        for (Future<?> f : List.of(r0, r1)) {
            Throwable e = failure(f);
            assertInstanceOf(GradientExchangeAbortedException.class, e);
            assertTrue(e.getMessage().contains("rank 2 crashed"), e.getMessage());
        }
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "an abort must not wait for the 60 s timeout");
        assertTrue(exchange.aborted());
    }

    @Test
    void shouldFailEveryReplicaWhenTheyAreAtDifferentSteps() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(2, LONG);
        ParameterStore s0 = store(DataType.FLOAT);
        ParameterStore s1 = store(DataType.FLOAT);
        Future<?> r0 = threads.submit(() -> exchange.participant(0).average(4, s0));
        Future<?> r1 = threads.submit(() -> exchange.participant(1).average(5, s1));
        for (Future<?> f : List.of(r0, r1)) {
            Throwable e = failure(f);
            String message = e instanceof GradientExchangeAbortedException ? e.getCause().getMessage() : e.getMessage();
            assertTrue(message.contains("replicas disagree at step"), message);
        }
    }

    @Test
    void shouldLeaveASingleReplicasGradientAlone() {
        ParameterStore s = store(DataType.FLOAT);
        randomGrads(s, 3);
        float before = (float) s.gradBuf().get(11);
        Losses local = new Losses(1, 2, 3, 6);
        assertEquals(local, LocalGradientExchange.create(1, LONG).participant(0).average(0, s, local));
        assertEquals(before, (float) s.gradBuf().get(11));
    }

    private interface RankTask<T> {
        T run(int rank) throws Exception;
    }

    private <T> List<T> onThreads(int n, RankTask<T> task) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            int rank = r;
            futures.add(threads.submit(() -> task.run(rank)));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    private static Throwable failure(Future<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return e.getCause();
    }
}
