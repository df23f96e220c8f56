package io.ordo.transport.allreduce;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/** Deterministic per-rank inputs and their expected ring sums, shared by rank processes and thread tests. */
final class RingFixtures {
    private RingFixtures() {
    }

    /** Small integers, so any summation order is exact in fp32. */
    static float integerValue(int rank, int i) {
        return (float) (Math.floorMod(i * 7 + rank * 13, 101) - 50);
    }

    static float randomValue(int rank, int i, long seed) {
        return (float) new SplittableRandom(seed * 1_000_003L + rank * 7919L + i).nextDouble(-1, 1);
    }

    static ByteBuffer floats(int count) {
        return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    static void fillIntegers(ByteBuffer data, int rank, int from, int to) {
        for (int i = from; i < to; i++) {
            data.putFloat(4 * i, integerValue(rank, i));
        }
    }

    static float integerSum(int worldSize, int i) {
        float sum = 0;
        for (int r = 0; r < worldSize; r++) {
            sum += integerValue(r, i);
        }
        return sum;
    }

    /**
     * The sum in the ring's order for element i of a bucket [offset, offset+length): segment s starts at
     * rank s and each next rank adds its value to the incoming partial sum.
     */
    static float ringOrderRandomSum(int worldSize, int offset, int length, int i, long seed) {
        int local = i - offset;
        int segment = 0;
        while (segment + 1 < worldSize && (long) (segment + 1) * length / worldSize <= local) {
            segment++;
        }
        float acc = randomValue(segment, i, seed);
        for (int k = 1; k < worldSize; k++) {
            int r = (segment + k) % worldSize;
            acc = randomValue(r, i, seed) + acc;
        }
        return acc;
    }
}
