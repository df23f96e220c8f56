package io.ordo.transport.allreduce;

import io.aeron.Aeron;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

/**
 * One rank of a ring test, run as its own JVM against a media driver the test launched.
 *
 * <pre>
 * java -cp ... io.ordo.transport.allreduce.RankProcess AERON_DIR RANK WORLD_SIZE BASE_STREAM verify|loop TIMEOUT_MS
 * </pre>
 * verify: runs the exchange cases and exits 0 when every element matches, 1 otherwise.
 * loop: all-reduces 4 Mi floats step after step, printing "step k"; exits 3 on {@link RingTimeoutException}.
 */
public final class RankProcess {
    static final int EXIT_MISMATCH = 1;
    static final int EXIT_TIMEOUT = 3;

    private RankProcess() {
    }

    public static void main(String[] args) {
        String dir = args[0];
        int rank = Integer.parseInt(args[1]);
        int worldSize = Integer.parseInt(args[2]);
        int baseStream = Integer.parseInt(args[3]);
        String mode = args[4];
        AeronConfig config = AeronConfig.fromProperties(Map.of())
                .withAeronDir(dir).withTermLength(4 << 20)
                .withExchangeTimeout(Duration.ofMillis(Long.parseLong(args[5])));
        int exit;
        try (Aeron aeron = EmbeddedMediaDriver.connect(config);
             RingAllReduce ring = RingAllReduce.create(aeron, rank, RingChannels.ipc(worldSize, baseStream), config)) {
            exit = "loop".equals(mode) ? loop(ring) : verify(ring);
        } catch (RingTimeoutException e) {
            System.out.println("timeout: " + e.getMessage());
            exit = EXIT_TIMEOUT;
        }
        System.out.flush();
        System.exit(exit);
    }

    private static int loop(RingAllReduce ring) {
        ByteBuffer data = RingFixtures.floats(4 << 20);
        for (long step = 0; ; step++) {
            ring.allReduce(step, data);
            System.out.println("step " + step);
            System.out.flush();
        }
    }

    private static int verify(RingAllReduce ring) {
        int n = ring.worldSize();
        int r = ring.rank();
        int chunk = ring.chunkElements();
        int mismatches = 0;
        long step = 0;
        for (int size : new int[] {0, 1, n - 1, n + 1, 1000, chunk * n + 1, 3 * chunk * n - 7, 1_000_003}) {
            ByteBuffer data = RingFixtures.floats(size);
            RingFixtures.fillIntegers(data, r, 0, size);
            ring.allReduce(step++, data);
            for (int i = 0; i < size; i++) {
                mismatches += check("integers size " + size, i, data.getFloat(4 * i), RingFixtures.integerSum(n, i));
            }
        }
        int size = 2 * chunk * n + 5;
        ByteBuffer data = RingFixtures.floats(size);
        for (int i = 0; i < size; i++) {
            data.putFloat(4 * i, RingFixtures.randomValue(r, i, 42));
        }
        ring.allReduce(step++, data);
        for (int i = 0; i < size; i++) {
            mismatches += check("random floats", i, data.getFloat(4 * i), RingFixtures.ringOrderRandomSum(n, 0, size, i, 42));
        }
        mismatches += verifyBuckets(ring, step);
        System.out.println(mismatches == 0 ? "ok" : "mismatches " + mismatches);
        return mismatches == 0 ? 0 : EXIT_MISMATCH;
    }

    /** Two buckets of one flat buffer, small first (DDP-style), each exchanged by its own call. */
    private static int verifyBuckets(RingAllReduce ring, long step) {
        int n = ring.worldSize();
        int size = 200_001;
        int firstEnd = 12_345;
        ByteBuffer data = RingFixtures.floats(size);
        RingFixtures.fillIntegers(data, ring.rank(), 0, size);
        org.agrona.concurrent.UnsafeBuffer view = new org.agrona.concurrent.UnsafeBuffer(data);
        ring.allReduce(step, 0, view, 0, firstEnd);
        int mismatches = 0;
        for (int i = firstEnd; i < size; i++) {
            mismatches += check("untouched before bucket 1", i, data.getFloat(4 * i), RingFixtures.integerValue(ring.rank(), i));
        }
        ring.allReduce(step, 1, view, firstEnd, size - firstEnd);
        for (int i = 0; i < size; i++) {
            mismatches += check("buckets", i, data.getFloat(4 * i), RingFixtures.integerSum(n, i));
        }
        return mismatches;
    }

    private static int printed;

    private static int check(String what, int i, float actual, float expected) {
        if (Float.floatToIntBits(actual) == Float.floatToIntBits(expected)) {
            return 0;
        }
        if (printed++ < 10) System.out.println(what + ": element " + i + " is " + actual + ", expected " + expected);
        return 1;
    }
}
