package io.ordo.model.kernel.reference;

import io.ordo.model.kernel.AdamWStep;
import io.ordo.model.kernel.OptimizerKernel;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;

/** AdamW, norm and scaling in double through {@link Buf}. */
final class ReferenceOptimizer implements OptimizerKernel {
    @Override
    public void adamW(Mat p, Mat g, Mat m, Mat v, AdamWStep s) {
        Buf pb = p.buf();
        Buf gb = g.buf();
        Buf mb = m.buf();
        Buf vb = v.buf();
        int po = p.offset();
        int go = g.offset();
        int mo = m.offset();
        int vo = v.offset();
        double b1 = s.beta1();
        double b2 = s.beta2();
        for (int i = 0; i < p.size(); i++) {
            double gi = gb.get(go + i);
            double mi = b1 * mb.get(mo + i) + (1.0 - b1) * gi;
            double vi = b2 * vb.get(vo + i) + (1.0 - b2) * gi * gi;
            mb.set(mo + i, mi);
            vb.set(vo + i, vi);
            pb.set(po + i, pb.get(po + i) * s.decayMul() - s.stepSize() * mi / (Math.sqrt(vi) * s.invBc2Sqrt() + s.eps()));
        }
    }

    @Override
    public double sumOfSquares(Mat m) {
        Buf b = m.buf();
        int o = m.offset();
        double s = 0;
        for (int i = 0; i < m.size(); i++) {
            double v = b.get(o + i);
            s += v * v;
        }
        return s;
    }

    @Override
    public void scale(Mat m, double factor) {
        Buf b = m.buf();
        int o = m.offset();
        for (int i = 0; i < m.size(); i++) {
            b.set(o + i, b.get(o + i) * factor);
        }
    }
}
