package io.ordo.model.tensor;

/**
 * Float causal softmax, forward and backward, on one (T, T) attention block of a (B*H*T, T)
 * buffer, computed on heap tiles of whole rows (vectorised, {@link FastExp} for exp). The
 * double reference loops live in {@code CausalSelfAttention}; {@code AttentionKernelsTest}
 * checks these against them.
 */
public final class AttentionKernels {
    private AttentionKernels() {
    }

    /**
     * Scores to probabilities in place: row i becomes softmax over j &lt;= i of s[i, j], and
     * 0 for j &gt; i.
     *
     * @param m   the (rows, T) buffer holding the block
     * @param off element offset of the block relative to m's offset
     * @param t   T, the block is (T, T)
     */
    public static void causalSoftmax(Mat m, int off, int t) {
        Buf.F32 p = (Buf.F32) m.buf();
        Scratch s = Scratch.get(t);
        float[] xs = s.t0;
        float[] tmp = s.t3;
        int rowsPerTile = s.rowsPerTile(t);
        int base = m.offset() + off;
        for (int r0 = 0; r0 < t; r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, t - r0);
            int n = rows * t;
            p.load(base + r0 * t, xs, n);
            for (int r = 0; r < rows; r++) {
                int o = r * t;
                int last = o + r0 + r; // j <= i
                float max = max(xs, o, last + 1 - o);
                for (int j = o; j <= last; j++) {
                    xs[j] -= max;
                }
                for (int j = last + 1; j < o + t; j++) {
                    xs[j] = FastExp.MIN_X;
                }
            }
            FastExp.exp(xs, xs, tmp, n);
            for (int r = 0; r < rows; r++) {
                int o = r * t;
                int last = o + r0 + r;
                float inv = 1f / sum(xs, o, last + 1 - o);
                for (int j = o; j <= last; j++) {
                    xs[j] *= inv;
                }
                for (int j = last + 1; j < o + t; j++) {
                    xs[j] = 0f;
                }
            }
            p.store(xs, base + r0 * t, n);
        }
    }

    /**
     * Softmax backward in place on the (T, T) block d (whole Mat, offset 0): d = P * (d - sum_j d * P)
     * on j &lt;= i, 0 above the diagonal; P is the block of {@code probs} at {@code pOff}.
     */
    public static void causalSoftmaxBackward(Mat probs, int pOff, Mat d, int t) {
        Buf.F32 p = (Buf.F32) probs.buf();
        Buf.F32 g = (Buf.F32) d.buf();
        Scratch s = Scratch.get(t);
        float[] ps = s.t0;
        float[] gs = s.t1;
        int rowsPerTile = s.rowsPerTile(t);
        int pBase = probs.offset() + pOff;
        int dBase = d.offset();
        for (int r0 = 0; r0 < t; r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, t - r0);
            int n = rows * t;
            p.load(pBase + r0 * t, ps, n);
            g.load(dBase + r0 * t, gs, n);
            for (int r = 0; r < rows; r++) {
                int o = r * t;
                int last = o + r0 + r;
                float dot = dot(ps, gs, o, last + 1 - o);
                for (int j = o; j <= last; j++) {
                    gs[j] = ps[j] * (gs[j] - dot);
                }
                for (int j = last + 1; j < o + t; j++) {
                    gs[j] = 0f;
                }
            }
            g.store(gs, dBase + r0 * t, n);
        }
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
}
