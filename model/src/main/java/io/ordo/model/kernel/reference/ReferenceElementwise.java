package io.ordo.model.kernel.reference;

import io.ordo.model.kernel.ElementwiseKernel;
import io.ordo.model.tensor.Blas;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;
import io.ordo.model.tensor.Ones;

/** Adds in double through {@link Buf}; the bias broadcasts as rank-1 BLAS products with a ones column. */
final class ReferenceElementwise implements ElementwiseKernel {
    @Override
    public void add(Mat a, Mat b, Mat out) {
        checkSize(a, b);
        checkSize(a, out);
        Buf ab = a.buf();
        Buf bb = b.buf();
        Buf ob = out.buf();
        int ao = a.offset();
        int bo = b.offset();
        int oo = out.offset();
        for (int i = 0; i < a.size(); i++) {
            ob.set(oo + i, ab.get(ao + i) + bb.get(bo + i));
        }
    }

    @Override
    public void addRowVector(Mat y, Mat bias) {
        Blas.gemm(Ones.column(y.dataType(), y.rows()), false, bias, false, y, 1.0, 1.0);
    }

    @Override
    public void accumulateColumnSums(Mat m, Mat sums) {
        Blas.gemm(Ones.column(m.dataType(), m.rows()), true, m, false, sums, 1.0, 1.0);
    }

    static void checkSize(Mat a, Mat b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("size mismatch: " + a + " vs " + b);
        }
    }
}
