package io.ordo.model.kernel.reference;

import io.ordo.model.kernel.LossKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** The losses in double with {@link Math#exp}, one row at a time. */
final class ReferenceLoss implements LossKernel {
    private final ThreadLocal<double[]> lse = ThreadLocal.withInitial(() -> new double[0]);

    @Override
    public double crossEntropy(Mat logits, int[] targets, boolean[] active, double scale, Mat dLogits) {
        int v = logits.cols();
        Buf lb = logits.buf();
        Buf gb = dLogits == null ? null : dLogits.buf();
        double total = 0;
        for (int r = 0; r < logits.rows(); r++) {
            int li = logits.offset() + r * v;
            int gi = dLogits == null ? 0 : dLogits.offset() + r * v;
            if (active != null && !active[r]) {
                if (gb != null) {
                    gb.zero(gi, v);
                }
                continue;
            }
            int target = targets[r];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < v; c++) {
                max = Math.max(max, lb.get(li + c));
            }
            double sum = 0;
            for (int c = 0; c < v; c++) {
                sum += Math.exp(lb.get(li + c) - max);
            }
            double logZ = max + Math.log(sum);
            total += logZ - lb.get(li + target);
            if (gb != null) {
                for (int c = 0; c < v; c++) {
                    gb.set(gi + c, scale * Math.exp(lb.get(li + c) - logZ));
                }
                gb.set(gi + target, gb.get(gi + target) - scale);
            }
        }
        return scale * total;
    }

    @Override
    public double[] softmaxRows(Mat logits, Mat grad, double scale, boolean[] active) {
        int n = logits.rows();
        int v = logits.cols();
        double[] out = lse.get();
        if (out.length < n) {
            out = new double[n];
            lse.set(out);
        }
        Buf z = logits.buf();
        Buf g = grad == null ? null : grad.buf();
        for (int r = 0; r < n; r++) {
            int zo = logits.offset() + r * v;
            int go = grad == null ? 0 : grad.offset() + r * v;
            if (active != null && !active[r]) {
                out[r] = Double.NaN;
                if (g != null) {
                    g.zero(go, v);
                }
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < v; i++) {
                max = Math.max(max, z.get(zo + i));
            }
            double sum = 0.0;
            for (int i = 0; i < v; i++) {
                double e = Math.exp(z.get(zo + i) - max);
                if (g != null) {
                    g.set(go + i, e);
                }
                sum += e;
            }
            out[r] = max + Math.log(sum);
            if (g != null) {
                double norm = scale / sum;
                for (int i = 0; i < v; i++) {
                    g.set(go + i, g.get(go + i) * norm);
                }
            }
        }
        return out;
    }
}
