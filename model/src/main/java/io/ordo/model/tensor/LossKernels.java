package io.ordo.model.tensor;

/**
 * Row softmax of float logits for the losses, computed in double on heap tiles with the
 * vectorised double {@link FastExp#exp(double[], double[], double[], int)} (~2e-16 relative, so
 * the losses agree with their double reference loops to ~1e-15): ~1-2 ns per logit against
 * ~10-20 ns for {@link Math#exp}.
 */
public final class LossKernels {
    private LossKernels() {
    }

    /**
     * For every row r with {@code active == null || active[r]}: lse[r] = logsumexp(logits[r, :]),
     * and, when {@code grad} is not null, grad[r, :] = scale * softmax(logits[r, :]). Inactive rows
     * get a zero gradient row and lse NaN.
     *
     * @return lse, a per-thread array of at least rows entries, valid until the next call on this thread
     */
    public static double[] softmaxRows(Mat logits, Mat grad, double scale, boolean[] active) {
        int v = logits.cols();
        int rowsTotal = logits.rows();
        Scratch s = Scratch.get(v);
        double[] lse = s.rowValues(rowsTotal);
        float[] zs = s.t0;
        float[] gs = s.t1;
        double[] xs = s.d0;
        double[] tmp = s.d1;
        Buf.F32 lb = (Buf.F32) logits.buf();
        Buf.F32 gb = grad == null ? null : (Buf.F32) grad.buf();
        int rowsPerTile = Math.max(1, Math.min(zs.length, xs.length) / v);
        for (int r0 = 0; r0 < rowsTotal; r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, rowsTotal - r0);
            int n = rows * v;
            lb.load(logits.offset() + r0 * v, zs, n);
            for (int i = 0; i < n; i++) {
                xs[i] = zs[i];
            }
            for (int r = 0; r < rows; r++) {
                int o = r * v;
                double max = Reductions.max(xs, o, v);
                lse[r0 + r] = max; // the shift, until the sum is known
                for (int c = 0; c < v; c++) {
                    xs[o + c] -= max;
                }
            }
            FastExp.exp(xs, xs, tmp, n);
            for (int r = 0; r < rows; r++) {
                int o = r * v;
                if (active != null && !active[r0 + r]) {
                    lse[r0 + r] = Double.NaN;
                    for (int c = 0; c < v; c++) {
                        gs[o + c] = 0f;
                    }
                    continue;
                }
                double sum = Reductions.sum(xs, o, v);
                lse[r0 + r] += Math.log(sum);
                double norm = scale / sum;
                for (int c = 0; c < v; c++) {
                    gs[o + c] = (float) (xs[o + c] * norm);
                }
            }
            if (gb != null) {
                gb.store(gs, grad.offset() + r0 * v, n);
            }
        }
        return lse;
    }
}
