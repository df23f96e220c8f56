package io.ordo.actors.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.aeron.Aeron;
import io.ordo.model.Losses;
import io.ordo.model.param.Init;
import io.ordo.model.param.ParameterStore;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.transport.allreduce.EmbeddedMediaDriver;
import io.ordo.transport.allreduce.RingChannels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Three ranks as threads, each with its own Aeron client on one embedded driver, give an
 * {@link AeronGradientExchange} known per-rank values and get the exact sums (and rank 0's
 * broadcasts) on every rank.
 */
class AeronGradientExchangeTest {
    private static final int WORLD = 3;
    /** Several chunks per ring segment, and not a multiple of the world size. */
    private static final int SIZE = 10_007;

    /** What one rank ended with. */
    private record Outcome(int rank, int replicas, float[] broadcast, long[] longs, long[] counts, float[] grads,
                           Losses losses) {
    }

    @Test
    void shouldGiveEveryRankTheExactSumsAndRankZerosBroadcasts() throws Exception {
        List<Outcome> outcomes;
        AeronConfig config = AeronConfig.defaults().withTermLength(1 << 20);
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(config, WORLD)) {
            outcomes = onRankThreads(driver.config(), this::rank);
        }
        float[] expectedGrads = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            for (int r = 0; r < WORLD; r++) {
                expectedGrads[i] += gradient(r, i);
            }
        }
        long[] expectedCounts = new long[4];
        for (int r = 0; r < WORLD; r++) {
            long[] c = counts(r);
            for (int k = 0; k < c.length; k++) {
                expectedCounts[k] += c[k];
            }
        }
        for (Outcome o : outcomes) {
            String rank = "rank " + o.rank() + ": ";
            assertEquals(WORLD, o.replicas(), rank + "replicas");
            assertArrayEquals(broadcastArray(0), o.broadcast(), rank + "rank 0's array");
            assertArrayEquals(longs(0), o.longs(), rank + "rank 0's longs");
            assertArrayEquals(expectedCounts, o.counts(), rank + "summed counts");
            assertArrayEquals(expectedGrads, o.grads(), rank + "summed gradient");
            // 0.5 + 1.5 + 2.5, 0 + 0.25 + 0.5, 3 * 1, 3 * 1.75 + 1.25 * (0 + 1 + 2)
            assertEquals(new Losses(4.5, 0.75, 3.0, 9.0), o.losses(), rank + "summed losses");
        }
    }

    /** One rank's calls, in the order every rank makes them. */
    private Outcome rank(AeronGradientExchange exchange) {
        int r = exchange.rank();
        INDArray array = Nd4j.createFromArray(broadcastArray(r));
        exchange.broadcastFromRankZero(array);
        long[] longs = exchange.broadcastLongsFromRankZero(longs(r));

        ParameterStore store = new ParameterStore(DataType.FLOAT);
        store.add("w", 1, SIZE, Init.ZEROS);
        store.allocate(1);
        for (int i = 0; i < SIZE; i++) {
            store.gradBuf().set(i, gradient(r, i));
        }
        long[] counts = exchange.sumCounts(0, counts(r));
        Losses losses = exchange.sum(0, store, new Losses(0.5 + r, 0.25 * r, 1.0, 1.75 + 1.25 * r));
        return new Outcome(r, exchange.replicas(), array.toFloatVector(), longs, counts,
                store.grads().toFloatVector(), losses);
    }

    /** Small integers: their sum is exact in fp32 in any order. */
    private static float gradient(int rank, int i) {
        return Math.floorMod(i * 7 + rank * 13, 101) - 50;
    }

    /** Counts whose 16-bit pieces carry when summed, one above 2^32, one above 2^48. */
    private static long[] counts(int rank) {
        return new long[] {1000 + rank, 0xFFFF, (1L << 40) + 0xFFFF_FFFFL * rank, Long.MAX_VALUE / 4 - rank};
    }

    private static long[] longs(int rank) {
        return new long[] {Long.MIN_VALUE + rank, -1 - rank, 123_456_789_012_345L * (rank + 1)};
    }

    private static float[] broadcastArray(int rank) {
        float[] a = new float[777];
        for (int i = 0; i < a.length; i++) {
            a[i] = rank + i * 1e-3f;
        }
        return a;
    }

    private interface RankBody<T> {
        T run(AeronGradientExchange exchange) throws Exception;
    }

    /** {@code body} on every rank of a ring over IPC, each rank with its own Aeron client. */
    private static <T> List<T> onRankThreads(AeronConfig config, RankBody<T> body) throws Exception {
        return RankThreads.run(WORLD, 60, r -> {
            try (Aeron aeron = EmbeddedMediaDriver.connect(config);
                 AeronGradientExchange exchange = AeronGradientExchange.join(aeron, r, RingChannels.ipc(WORLD, 4300), config)) {
                return body.run(exchange);
            }
        });
    }
}
