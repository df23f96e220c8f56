package io.ordo.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Replicas on their own threads sum their gradients and counts, and broadcast rank 0's state,
 * through one {@link LocalGradientExchange}.
 */
class LocalGradientExchangeTest {
    /** Not a multiple of the chunk or of 2 or 3: slices and chunks have ragged ends. */
    private static final int SIZE = 2 * LocalGradientExchange.CHUNK + 1237;
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Losses ZERO = new Losses(0, 0, 0, 0);

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
    void shouldLeaveTheSumInEveryReplicaWithTheSameBits(int n) throws Exception {
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
                    reference[i] += stores.get(r).gradBuf().get(i);
                }
            }
            long s = step;
            List<Losses> sums = onThreads(n, r -> exchange.participant(r).sum(s, stores.get(r),
                    new Losses(r, 2 * r, 3 * r, 6 * r)));
            Buf first = stores.get(0).gradBuf();
            for (int i = 0; i < SIZE; i++) {
                assertEquals((float) reference[i], (float) first.get(i), 0f, "sum at " + i);
                for (int r = 1; r < n; r++) {
                    assertEquals(Float.floatToRawIntBits((float) first.get(i)),
                            Float.floatToRawIntBits((float) stores.get(r).gradBuf().get(i)), "bits of rank " + r + " at " + i);
                }
            }
            double rankSum = n * (n - 1) / 2.0;
            for (Losses l : sums) {
                assertEquals(new Losses(rankSum, 2 * rankSum, 3 * rankSum, 6 * rankSum), l);
            }
        }
    }

    @Test
    void shouldSumDoubleGradientsToo() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(2, LONG);
        ParameterStore a = store(DataType.DOUBLE);
        ParameterStore b = store(DataType.DOUBLE);
        randomGrads(a, 1);
        randomGrads(b, 2);
        double expected = a.gradBuf().get(5) + b.gradBuf().get(5);
        onThreads(2, r -> exchange.participant(r).sum(0, r == 0 ? a : b, ZERO));
        assertEquals(expected, a.gradBuf().get(5), 0.0);
        assertEquals(expected, b.gradBuf().get(5), 0.0);
    }

    @Test
    void shouldGiveEveryReplicaTheSumOfTheCounts() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(3, LONG);
        for (long step = 0; step < 2; step++) {
            long s = step;
            List<long[]> sums = onThreads(3, r -> exchange.participant(r).sumCounts(s,
                    new long[] {r + 1, 10L * r + s, (1L << 40) + r}));
            for (long[] sum : sums) {
                assertArrayEquals(new long[] {6, 30 + 3 * s, (3L << 40) + 3}, sum);
            }
        }
    }

    @Test
    void shouldGiveEveryReplicaTheArraysAndValuesOfRankZero() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(3, LONG);
        List<INDArray[]> arrays = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            arrays.add(new INDArray[] {Nd4j.createFromArray(r, r + 0.5f, -r, 1e-3f * r, 7f),
                Nd4j.createFromArray(0.1 * r, 2.0, -r)});
        }
        INDArray[] rankZero = {arrays.get(0)[0].dup(), arrays.get(0)[1].dup()};
        List<long[]> values = onThreads(3, r -> {
            exchange.participant(r).broadcastFromRankZero(arrays.get(r));
            return exchange.participant(r).broadcastLongsFromRankZero(Long.MIN_VALUE + r, -7 * r, 42);
        });
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(rankZero[0].toFloatVector(), arrays.get(r)[0].toFloatVector(), "first array of rank " + r);
            assertArrayEquals(rankZero[1].toDoubleVector(), arrays.get(r)[1].toDoubleVector(), "second array of rank " + r);
            assertArrayEquals(new long[] {Long.MIN_VALUE, 0, 42}, values.get(r), "values of rank " + r);
        }
    }

    @Test
    void shouldFailEveryReplicaWhenTheyMakeDifferentCalls() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(2, LONG);
        ParameterStore s1 = store(DataType.FLOAT);
        Future<?> r0 = threads.submit(() -> exchange.participant(0).sumCounts(0, new long[] {1}));
        Future<?> r1 = threads.submit(() -> exchange.participant(1).sum(0, s1, ZERO));
        for (Future<?> f : List.of(r0, r1)) {
            Throwable e = failure(f);
            String message = e instanceof GradientExchangeAbortedException ? e.getCause().getMessage() : e.getMessage();
            assertTrue(message.contains("replicas disagree at step 0"), message);
        }
    }

    @Test
    void shouldTimeOutABroadcastNamingTheReplicaThatNeverArrives() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(2, Duration.ofMillis(300));
        Future<?> r0 = threads.submit(() -> exchange.participant(0).broadcastLongsFromRankZero(1, 2));
        GradientExchangeTimeoutException timeout = assertInstanceOf(GradientExchangeTimeoutException.class, failure(r0));
        assertEquals(List.of(1), timeout.missingRanks());
        assertThrows(GradientExchangeAbortedException.class,
                () -> exchange.participant(1).broadcastFromRankZero(Nd4j.zeros(DataType.FLOAT, 3)));
    }

    @Test
    void shouldTimeOutNamingTheReplicaThatNeverArrives() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(3, Duration.ofMillis(300));
        ParameterStore s0 = store(DataType.FLOAT);
        ParameterStore s1 = store(DataType.FLOAT);
        long t0 = System.nanoTime();
        Future<?> r0 = threads.submit(() -> exchange.participant(0).sum(0, s0, ZERO));
        Future<?> r1 = threads.submit(() -> exchange.participant(1).sum(0, s1, ZERO));
        Throwable e0 = failure(r0);
        Throwable e1 = failure(r1);
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "the wait should end after about the timeout");
        GradientExchangeTimeoutException timeout = e0 instanceof GradientExchangeTimeoutException t ? t
                : assertInstanceOf(GradientExchangeTimeoutException.class, e1.getCause() == null ? e1 : e1.getCause());
        assertEquals(List.of(2), timeout.missingRanks());
        assertTrue(timeout.getMessage().contains("[2]"), timeout.getMessage());
        ParameterStore s2 = store(DataType.FLOAT);
        GradientExchangeAbortedException late = assertThrows(GradientExchangeAbortedException.class,
                () -> exchange.participant(2).sum(0, s2, ZERO));
        assertInstanceOf(GradientExchangeTimeoutException.class, late.getCause());
    }

    @Test
    void shouldReleaseWaitingReplicasAtOnceWhenAnotherAborts() throws Exception {
        LocalGradientExchange exchange = LocalGradientExchange.create(3, LONG);
        ParameterStore s0 = store(DataType.FLOAT);
        ParameterStore s1 = store(DataType.FLOAT);
        Future<?> r0 = threads.submit(() -> exchange.participant(0).sum(0, s0, ZERO));
        Future<?> r1 = threads.submit(() -> exchange.participant(1).sum(0, s1, ZERO));
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
        Future<?> r0 = threads.submit(() -> exchange.participant(0).sum(4, s0, ZERO));
        Future<?> r1 = threads.submit(() -> exchange.participant(1).sum(5, s1, ZERO));
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
        GradientExchange alone = LocalGradientExchange.create(1, LONG).participant(0);
        assertEquals(local, alone.sum(0, s, local));
        assertEquals(before, (float) s.gradBuf().get(11));
        long[] counts = {3, 4};
        assertSame(counts, alone.sumCounts(0, counts));
        assertSame(counts, alone.broadcastLongsFromRankZero(counts));
        assertEquals(0, alone.rank());
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
