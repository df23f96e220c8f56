package io.ordo.model.tensor;

/**
 * Fused element-wise loops on {@link Mat}s that ND4J would run as several slow ops.
 * All loops read and write through {@link Buf} in double.
 */
public final class Kernels {
    private Kernels() {
    }

    /** y[r, :] += bias[0, :] for every row. */
    public static void addRowVector(Mat y, Mat bias) {
        Buf yb = y.buf();
        Buf bb = bias.buf();
        int cols = y.cols();
        int bo = bias.offset();
        for (int r = 0; r < y.rows(); r++) {
            int base = y.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                yb.set(base + c, yb.get(base + c) + bb.get(bo + c));
            }
        }
    }

    /** grad[0, :] += sum over rows of dy. */
    public static void accumulateColumnSums(Mat dy, Mat grad) {
        Buf db = dy.buf();
        Buf gb = grad.buf();
        int cols = dy.cols();
        int go = grad.offset();
        for (int r = 0; r < dy.rows(); r++) {
            int base = dy.offset() + r * cols;
            for (int c = 0; c < cols; c++) {
                gb.set(go + c, gb.get(go + c) + db.get(base + c));
            }
        }
    }

    /** out = a + b element-wise (out may alias a or b). */
    public static void add(Mat a, Mat b, Mat out) {
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

    /** acc += x element-wise. */
    public static void addInPlace(Mat acc, Mat x) {
        add(acc, x, acc);
    }

    /** Sum of squares of all elements (double accumulation). */
    public static double sumOfSquares(Mat m) {
        Buf b = m.buf();
        double s = 0;
        for (int i = 0; i < m.size(); i++) {
            double v = b.get(m.offset() + i);
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
