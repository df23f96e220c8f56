package io.ordo.model.tensor;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense row-major (rows, cols) matrix stored at an element offset inside one ND4J buffer.
 *
 * <p>Parameters are Mats inside the flat parameter buffer; activations are Mats that own their
 * buffer. Kernels use {@link #buf()} with {@link #offset()}; matmuls go through {@link Blas}.
 */
public final class Mat {
    private final INDArray owner;
    private final Buf buf;
    private final int offset;
    private final int rows;
    private final int cols;

    private Mat(INDArray owner, Buf buf, int offset, int rows, int cols) {
        if ((long) offset + (long) rows * cols > owner.length()) {
            throw new IllegalArgumentException("Mat " + rows + "x" + cols + " at " + offset + " exceeds buffer of " + owner.length());
        }
        this.owner = owner;
        this.buf = buf;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
    }

    /** A new zeroed matrix that owns its buffer. */
    public static Mat zeros(DataType type, int rows, int cols) {
        INDArray owner = Nd4j.create(type, (long) rows * cols);
        return new Mat(owner, Buf.of(owner), 0, rows, cols);
    }

    /** {@code current} when it already has this type and shape, else a new zeroed matrix (workspace reuse). */
    public static Mat reuse(Mat current, DataType type, int rows, int cols) {
        if (current != null && current.rows == rows && current.cols == cols && current.dataType() == type) {
            return current;
        }
        return zeros(type, rows, cols);
    }

    /** A matrix inside a flat owner buffer (e.g. one parameter in the flat parameter vector). */
    public static Mat inside(INDArray owner, Buf buf, int offset, int rows, int cols) {
        return new Mat(owner, buf, offset, rows, cols);
    }

    /** Rows [from, from + count) of this matrix, sharing storage. */
    public Mat rows(int from, int count) {
        return new Mat(owner, buf, offset + from * cols, count, cols);
    }

    /** The same storage seen as (rows, cols) with rows * cols equal to this size. */
    public Mat reshape(int newRows, int newCols) {
        if ((long) newRows * newCols != size()) {
            throw new IllegalArgumentException("cannot reshape " + rows + "x" + cols + " to " + newRows + "x" + newCols);
        }
        return new Mat(owner, buf, offset, newRows, newCols);
    }

    public INDArray owner() {
        return owner;
    }

    public Buf buf() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return rows * cols;
    }

    public DataType dataType() {
        return owner.dataType();
    }

    public double get(int r, int c) {
        return buf.get(offset + r * cols + c);
    }

    public void set(int r, int c, double v) {
        buf.set(offset + r * cols + c, v);
    }

    public double getFlat(int i) {
        return buf.get(offset + i);
    }

    public void setFlat(int i, double v) {
        buf.set(offset + i, v);
    }

    public void fill(double v) {
        for (int i = 0; i < size(); i++) {
            buf.set(offset + i, v);
        }
    }

    public void copyFrom(Mat src) {
        if (src.size() != size()) {
            throw new IllegalArgumentException("size mismatch " + src.size() + " vs " + size());
        }
        for (int i = 0; i < size(); i++) {
            buf.set(offset + i, src.buf.get(src.offset + i));
        }
    }

    /** An ND4J view of this matrix (shares storage), for inspection and interop. */
    public INDArray array() {
        return owner.reshape(owner.length()).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + size())).reshape('c', rows, cols);
    }

    @Override
    public String toString() {
        return "Mat(" + rows + "x" + cols + " @" + offset + " " + dataType() + ")";
    }
}
