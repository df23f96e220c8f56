package io.ordo.model.tensor;

/**
 * Fused element-wise loops on {@link Mat}s that ND4J would run as several slow ops.
 * All loops read and write through {@link Buf} in double.
 */
public final class Kernels {
    private Kernels() {
    }

    /**
     * y[r, :] += bias[0, :] for every row: a rank-1 BLAS update with a ones column. (A float heap-tile
     * loop measured ~5-10x slower here: copying the rows to the heap and back costs more than the add.)
     */
    public static void addRowVector(Mat y, Mat bias) {
        Mat ones = Ones.column(y.dataType(), y.rows());
        Blas.gemm(ones, false, bias, false, y, 1.0, 1.0);
    }

    /**
     * grad[0, :] += sum over rows of dy: a heap-tile loop for float (~25% faster here than OpenBLAS's
     * ones^T @ dy, which reads dy in its transposed layout), ones^T @ dy through BLAS for double.
     */
    public static void accumulateColumnSums(Mat dy, Mat grad) {
        if (FloatKernels.applies(dy, grad)) {
            FloatKernels.accumulateColumnSums(dy, grad);
            return;
        }
        Mat ones = Ones.column(dy.dataType(), dy.rows());
        Blas.gemm(ones, true, dy, false, grad, 1.0, 1.0);
    }

    /** out = a + b element-wise (out may alias a or b). */
    public static void add(Mat a, Mat b, Mat out) {
        checkSize(a, b);
        checkSize(a, out);
        if (FloatKernels.applies(a, b, out)) {
            FloatKernels.add(a, b, out);
            return;
        }
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

    /** acc += x element-wise. */
    public static void addInPlace(Mat acc, Mat x) {
        add(acc, x, acc);
    }

    /** Sum of squares of all elements (double accumulation). */
    public static double sumOfSquares(Mat m) {
        return sumOfSquares(m.buf(), m.offset(), m.size());
    }

    /** Sum of squares of buf[from, from + n) in double; NaN or infinite if any element is. */
    public static double sumOfSquares(Buf buf, int from, int n) {
        if (buf instanceof Buf.F32 f) {
            return FloatKernels.sumOfSquares(f, from, n);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = buf.get(from + i);
            s += v * v;
        }
        return s;
    }

    private static void checkSize(Mat a, Mat b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("size mismatch: " + a + " vs " + b);
        }
    }
}
