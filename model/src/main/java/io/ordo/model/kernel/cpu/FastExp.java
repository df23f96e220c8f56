package io.ordo.model.kernel.cpu;

/**
 * exp and sigmoid over float heap arrays in loops C2 vectorises (AVX2/AVX-512 here): ~0.7 ns per
 * element against ~5-30 ns for {@link Math#exp} in a loop and ~2-4 ns for ND4J's native Exp op
 * (which also needs the data off-heap and a JNI call).
 *
 * <p>Cephes {@code expf}: x = n ln2 + r with n = round(x / ln2) (the 1.5 * 2^23 rounding trick) and
 * |r| &lt;= ln2 / 2 (Cody-Waite split of ln2), e^r by a degree-7 minimax polynomial, times 2^n built
 * in the exponent bits. Relative error &lt;= 2 ulp (~2.4e-7) wherever the result is a normal float;
 * inputs are clamped to [-87.3, 88.3], so exp never returns 0 or infinity (exp(-87.3) ~ 1.2e-38).
 *
 * <p>The exponent scale runs as a second loop: in one loop with the polynomial the body grows past
 * what C2 unrolls to the vector width, and it stays scalar (~10x slower).
 */
public final class FastExp {
    /** Largest and smallest inputs; outside them exp would overflow or fall below the normal range. */
    static final float MAX_X = 88.3f;
    static final float MIN_X = -87.3f;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5 * 2^23: adding it rounds to an integer in the low mantissa bits
    private static final int ROUND_BITS = 0x4B400000;
    private static final float P0 = 1.9875691500E-4f;
    private static final float P1 = 1.3981999507E-3f;
    private static final float P2 = 8.3334519073E-3f;
    private static final float P3 = 4.1665795894E-2f;
    private static final float P4 = 1.6666665459E-1f;
    private static final float P5 = 5.0000001201E-1f;

    private static final double D_MAX_X = 709.0;
    private static final double D_MIN_X = -708.0;
    private static final double D_LOG2E = 1.4426950408889634073599;
    private static final double D_LN2_HI = 6.93145751953125E-1;
    private static final double D_LN2_LO = 1.42860682030941723212E-6;
    private static final double D_ROUND = 6755399441055744.0; // 1.5 * 2^52
    private static final long D_ROUND_BITS = Double.doubleToRawLongBits(D_ROUND);
    private static final double DP0 = 1.26177193074810590878E-4;
    private static final double DP1 = 3.02994407707441961300E-2;
    private static final double DP2 = 9.99999999999999999910E-1;
    private static final double DQ0 = 3.00198505138664455042E-6;
    private static final double DQ1 = 2.52448340349684104192E-3;
    private static final double DQ2 = 2.27265548208155028766E-1;
    private static final double DQ3 = 2.00000000000000000009E0;

    private FastExp() {
    }

    /**
     * y[i] = exp(x[i]) in double for i in [0, n) (Cephes {@code exp}: e^r = 1 + 2 r P(r^2) / (Q(r^2) - r P(r^2)),
     * relative error ~2e-16, inputs clamped to [-708, 709]); y may be x; {@code tmp} holds n doubles.
     */
    public static void exp(double[] x, double[] y, double[] tmp, int n) {
        for (int i = 0; i < n; i++) {
            double v = Math.max(D_MIN_X, Math.min(D_MAX_X, x[i]));
            double t = v * D_LOG2E + D_ROUND;
            double k = t - D_ROUND;
            double r = v - k * D_LN2_HI - k * D_LN2_LO;
            double rr = r * r;
            double px = r * ((DP0 * rr + DP1) * rr + DP2);
            double q = ((DQ0 * rr + DQ1) * rr + DQ2) * rr + DQ3;
            y[i] = 1.0 + 2.0 * (px / (q - px));
            tmp[i] = t;
        }
        for (int i = 0; i < n; i++) {
            y[i] *= Double.longBitsToDouble((Double.doubleToRawLongBits(tmp[i]) - D_ROUND_BITS + 1023) << 52);
        }
    }

    /** y[i] = exp(x[i]) for i in [0, n); y may be x; {@code tmp} holds at least n floats. */
    public static void exp(float[] x, float[] y, float[] tmp, int n) {
        for (int i = 0; i < n; i++) {
            float v = Math.max(MIN_X, Math.min(MAX_X, x[i]));
            float t = v * LOG2E + ROUND;
            float k = t - ROUND;
            float r = v - k * LN2_HI - k * LN2_LO;
            float p = (((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5);
            y[i] = p * (r * r) + r + 1f;
            tmp[i] = t;
        }
        for (int i = 0; i < n; i++) {
            y[i] *= Float.intBitsToFloat((Float.floatToRawIntBits(tmp[i]) - ROUND_BITS + 127) << 23);
        }
    }

    /** y[i] = 1 / (1 + exp(-x[i])) for i in [0, n); y may be x; {@code tmp} holds at least n floats. */
    public static void sigmoid(float[] x, float[] y, float[] tmp, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = -x[i];
        }
        exp(y, y, tmp, n);
        for (int i = 0; i < n; i++) {
            y[i] = 1f / (1f + y[i]);
        }
    }

    /** exp of one float, for scalar call sites that must agree with {@link #exp(float[], float[], float[], int)}. */
    public static float exp(float x) {
        float v = Math.max(MIN_X, Math.min(MAX_X, x));
        float t = v * LOG2E + ROUND;
        float k = t - ROUND;
        float r = v - k * LN2_HI - k * LN2_LO;
        float p = (((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5);
        return (p * (r * r) + r + 1f) * Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_BITS + 127) << 23);
    }
}
