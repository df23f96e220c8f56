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
                float max = Reductions.max(xs, o, last + 1 - o);
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
                float inv = 1f / Reductions.sum(xs, o, last + 1 - o);
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
                float dot = Reductions.dot(ps, gs, o, last + 1 - o);
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
}
