package io.ordo.model.kernel.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FastExp against the double reference. */
class FastExpTest {
    private static final double REL = 3e-7; // 2 ulp plus the rounding of the float input

    @Test
    void shouldMatchDoubleExpToTwoUlpOverTheNormalRange() {
        int n = 100_003;
        float[] x = new float[n];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextDouble(-87.0, 88.0);
        }
        x[0] = 0f;
        x[1] = -0f;
        x[2] = 1f;
        x[3] = -1e-30f;
        float[] y = new float[n];
        FastExp.exp(x, y, new float[n], n);
        for (int i = 0; i < n; i++) {
            double e = Math.exp(x[i]);
            assertEquals(e, y[i], REL * e, "exp(" + x[i] + ")");
            assertEquals(y[i], FastExp.exp(x[i]), 0f, "scalar exp(" + x[i] + ")");
        }
    }

    @Test
    void shouldClampInsteadOfOverflowingOrReturningZero() {
        float[] x = {-1e30f, -100f, Float.NEGATIVE_INFINITY, 100f, 1e30f, Float.POSITIVE_INFINITY};
        float[] y = new float[x.length];
        FastExp.exp(x, y, new float[x.length], x.length);
        for (int i = 0; i < 3; i++) {
            assertTrue(y[i] > 0 && y[i] < 1.3e-38f, "exp(" + x[i] + ") = " + y[i]);
        }
        for (int i = 3; i < 6; i++) {
            assertTrue(Float.isFinite(y[i]) && y[i] > 2e38f, "exp(" + x[i] + ") = " + y[i]);
        }
    }

    @Test
    void shouldMatchDoubleSigmoid() {
        int n = 10_001;
        float[] x = new float[n];
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextDouble(-120, 120);
        }
        float[] y = new float[n];
        FastExp.sigmoid(x, y, new float[n], n);
        for (int i = 0; i < n; i++) {
            double s = 1.0 / (1.0 + Math.exp(-x[i]));
            assertEquals(s, y[i], 4e-7 * s + 1e-38, "sigmoid(" + x[i] + ")");
        }
    }

    @Test
    void shouldMatchMathExpInDoubleToAFewUlp() {
        int n = 100_003;
        double[] x = new double[n];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-700, 700);
        }
        x[0] = 0;
        x[1] = -1e-300;
        double[] y = new double[n];
        FastExp.exp(x, y, new double[n], n);
        for (int i = 0; i < n; i++) {
            double e = Math.exp(x[i]);
            assertEquals(e, y[i], 5e-16 * e, "exp(" + x[i] + ")");
        }
        double[] big = {-1e300, 1e300};
        FastExp.exp(big, big, new double[2], 2);
        assertTrue(big[0] > 0 && big[0] < 1e-307 && Double.isFinite(big[1]), "clamped: " + big[0] + ", " + big[1]);
    }
}
