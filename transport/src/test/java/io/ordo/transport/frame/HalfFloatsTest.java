package io.ordo.transport.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {
    @Test
    void shouldRoundTripEveryFp16BitPatternExactly() {
        for (int h = 0; h < 0x10000; h++) {
            float f = HalfFloats.fromFp16((short) h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloats.fromFp16(HalfFloats.toFp16(f))));
            } else {
                assertEquals((short) h, HalfFloats.toFp16(f), "bits " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void shouldRoundFp16ToTheNearestRepresentable() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (random.nextDouble(-1, 1) * Math.pow(2, random.nextInt(-26, 16)));
            short h = HalfFloats.toFp16(f);
            double err = Math.abs(HalfFloats.fromFp16(h) - (double) f);
            int sign = h & 0x8000;
            int magnitude = h & 0x7FFF;
            double errUp = Math.abs(HalfFloats.fromFp16((short) (sign | (magnitude + 1))) - (double) f);
            double errDown = magnitude == 0 ? Double.MAX_VALUE
                    : Math.abs(HalfFloats.fromFp16((short) (sign | (magnitude - 1))) - (double) f);
            assertTrue(err <= errDown && err <= errUp, "not nearest for " + f);
        }
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.fromFp16(HalfFloats.toFp16(70_000f)));
        assertEquals(65504f, HalfFloats.fromFp16(HalfFloats.toFp16(65504f)));
    }

    @Test
    void shouldBoundRelativeErrorOfBothFormats() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            float f = (float) (random.nextDouble(-1, 1) * Math.pow(2, random.nextInt(-14, 15)));
            if (Math.abs(f) < 0x1p-14f) {
                continue;
            }
            assertTrue(Math.abs(HalfFloats.fromFp16(HalfFloats.toFp16(f)) - f) <= Math.abs(f) * 0x1p-11f);
            assertTrue(Math.abs(HalfFloats.fromBf16(HalfFloats.toBf16(f)) - f) <= Math.abs(f) * 0x1p-8f);
        }
        assertTrue(Float.isNaN(HalfFloats.fromBf16(HalfFloats.toBf16(Float.NaN))));
        assertEquals(1.0f, HalfFloats.fromBf16(HalfFloats.toBf16(1.0f)));
    }
}
