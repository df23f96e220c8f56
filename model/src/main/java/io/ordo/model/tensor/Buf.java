package io.ordo.model.tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to the whole off-heap buffer of a contiguous ND4J array, for fused Java loops.
 *
 * <p>Kernels compute in double and store in the buffer's type, so one kernel serves the float
 * training path and the double gradient checks. Only two subclasses exist, so every call site is
 * at most bimorphic and the JIT inlines it (and vectorises simple loops over direct buffers).
 */
public abstract sealed class Buf permits Buf.F32, Buf.F64 {

    /** Wraps the buffer that {@code owner} (a contiguous array that is not a view) owns. */
    public static Buf of(INDArray owner) {
        if (owner.isView() || owner.offset() != 0) {
            throw new IllegalArgumentException("Buf needs the owning array, not a view (offset " + owner.offset() + ")");
        }
        DataType type = owner.dataType();
        return switch (type) {
            case FLOAT -> new F32(owner.data().asNioFloat());
            case DOUBLE -> new F64(owner.data().asNioDouble());
            default -> throw new IllegalArgumentException("unsupported data type " + type + "; allowed: FLOAT, DOUBLE");
        };
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    public final void add(int i, double v) {
        set(i, get(i) + v);
    }

    public abstract int capacity();

    /** Float storage. */
    public static final class F32 extends Buf {
        private final FloatBuffer b;

        F32(FloatBuffer b) {
            this.b = b;
        }

        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, (float) v);
        }

        @Override
        public int capacity() {
            return b.capacity();
        }
    }

    /** Double storage (gradient checks). */
    public static final class F64 extends Buf {
        private final DoubleBuffer b;

        F64(DoubleBuffer b) {
            this.b = b;
        }

        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, v);
        }

        @Override
        public int capacity() {
            return b.capacity();
        }
    }
}
