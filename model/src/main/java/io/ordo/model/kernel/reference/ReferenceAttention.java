package io.ordo.model.kernel.reference;

import io.ordo.model.kernel.AttentionKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** The attention softmaxes in double with {@link Math#exp}, one row at a time. */
final class ReferenceAttention implements AttentionKernel {
    @Override
    public void causalSoftmax(Mat m, int off, int t) {
        Buf p = m.buf();
        int base = m.offset() + off;
        for (int i = 0; i < t; i++) {
            int row = base + i * t;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j <= i; j++) {
                max = Math.max(max, p.get(row + j));
            }
            double sum = 0;
            for (int j = 0; j <= i; j++) {
                double e = Math.exp(p.get(row + j) - max);
                p.set(row + j, e);
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int j = 0; j <= i; j++) {
                p.set(row + j, p.get(row + j) * inv);
            }
            for (int j = i + 1; j < t; j++) {
                p.set(row + j, 0.0);
            }
        }
    }

    @Override
    public void causalSoftmaxBackward(Mat probs, int pOff, Mat d, int t) {
        Buf p = probs.buf();
        Buf g = d.buf();
        int pBase = probs.offset() + pOff;
        int dBase = d.offset();
        for (int i = 0; i < t; i++) {
            int pr = pBase + i * t;
            int dr = dBase + i * t;
            double dot = 0;
            for (int j = 0; j <= i; j++) {
                dot += p.get(pr + j) * g.get(dr + j);
            }
            for (int j = 0; j <= i; j++) {
                g.set(dr + j, p.get(pr + j) * (g.get(dr + j) - dot));
            }
            for (int j = i + 1; j < t; j++) {
                g.set(dr + j, 0.0);
            }
        }
    }

    @Override
    public void softmaxPrefix(Mat row, int len) {
        Buf s = row.buf();
        int off = row.offset();
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            max = Math.max(max, s.get(off + j));
        }
        double sum = 0;
        for (int j = 0; j < len; j++) {
            double e = Math.exp(s.get(off + j) - max);
            s.set(off + j, e);
            sum += s.get(off + j);
        }
        double inv = 1.0 / sum;
        for (int j = 0; j < len; j++) {
            s.set(off + j, s.get(off + j) * inv);
        }
    }
}
