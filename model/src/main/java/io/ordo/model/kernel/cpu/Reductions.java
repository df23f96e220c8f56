package io.ordo.model.kernel.cpu;

/**
 * Row reductions over heap tiles with four independent accumulators: the JIT does not reorder
 * floating-point adds, so one chain would be latency-bound. The float kernels (attention, layer
 * norm) and the double loss kernels share these.
 */
final class Reductions {
    private Reductions() {
    }

    /** max of a[o, o + n), n >= 1, four independent chains. */
    static float max(float[] a, int o, int n) {
        float m0 = a[o];
        float m1 = m0;
        float m2 = m0;
        float m3 = m0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            m0 = Math.max(m0, a[o + i]);
            m1 = Math.max(m1, a[o + i + 1]);
            m2 = Math.max(m2, a[o + i + 2]);
            m3 = Math.max(m3, a[o + i + 3]);
        }
        for (; i < n; i++) {
            m0 = Math.max(m0, a[o + i]);
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }

    /** sum of a[o, o + n), four accumulators. */
    static float sum(float[] a, int o, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[o + i];
            s1 += a[o + i + 1];
            s2 += a[o + i + 2];
            s3 += a[o + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[o + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** sum of a[i] * b[i] over [o, o + n), four accumulators. */
    static float dot(float[] a, float[] b, int o, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[o + i] * b[o + i];
            s1 += a[o + i + 1] * b[o + i + 1];
            s2 += a[o + i + 2] * b[o + i + 2];
            s3 += a[o + i + 3] * b[o + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[o + i] * b[o + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** max of a[o, o + n), n >= 1, four independent chains. */
    static double max(double[] a, int o, int n) {
        double m0 = a[o];
        double m1 = m0;
        double m2 = m0;
        double m3 = m0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            m0 = Math.max(m0, a[o + i]);
            m1 = Math.max(m1, a[o + i + 1]);
            m2 = Math.max(m2, a[o + i + 2]);
            m3 = Math.max(m3, a[o + i + 3]);
        }
        for (; i < n; i++) {
            m0 = Math.max(m0, a[o + i]);
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }

    /** sum of a[o, o + n), four independent chains. */
    static double sum(double[] a, int o, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[o + i];
            s1 += a[o + i + 1];
            s2 += a[o + i + 2];
            s3 += a[o + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[o + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
