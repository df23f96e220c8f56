package io.ordo.streams.gen;

import java.util.SplittableRandom;

/**
 * Deterministic random streams keyed by (seed, index, attempt), so example {@code index} of a
 * generator is the same whatever was generated before it: a cursor (seed, index) resumes exactly.
 */
public final class SeededRandom {

    private SeededRandom() {
    }

    /** An independent generator for the given key (SplitMix64 finaliser over the mixed key). */
    public static SplittableRandom of(long seed, long index, long attempt) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h + index * 0xBF58476D1CE4E5B9L);
        h = mix(h + attempt * 0x94D049BB133111EBL);
        return new SplittableRandom(h);
    }

    /** SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
