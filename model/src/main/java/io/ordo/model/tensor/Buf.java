package io.ordo.model.tensor;

import java.lang.reflect.Field;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import sun.misc.Unsafe;

/**
 * Element access to the whole off-heap buffer of a contiguous ND4J array, for fused Java loops.
 *
 * <p>Kernels compute in double and store in the buffer's type, so one kernel serves the float
 * training path and the double gradient checks. Only two subclasses exist, so every call site is
 * at most bimorphic and the JIT inlines it.
 *
 * <p>Access is raw {@link Unsafe} on the buffer's address: {@code DirectFloatBuffer.get} measured
 * 4-10x slower here (its scoped-memory call chain defeats inlining in fused loops). Bounds are
 * checked with {@code assert} (on in tests); {@link Mat} validates every range it hands out.
 */
public abstract sealed class Buf permits Buf.F32, Buf.F64 {
    static final Unsafe UNSAFE = unsafe();

    /** The owning array, kept reachable so its native memory outlives this accessor. */
    final INDArray owner;
    final long address;
    final int capacity;

    Buf(INDArray owner) {
        this.owner = owner;
        this.address = owner.data().address();
        this.capacity = (int) owner.length();
    }

    /** Wraps the buffer that {@code owner} (a contiguous array that is not a view) owns. */
    public static Buf of(INDArray owner) {
        if (owner.isView() || owner.offset() != 0) {
            throw new IllegalArgumentException("Buf needs the owning array, not a view (offset " + owner.offset() + ")");
        }
        if (owner.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer of " + owner.length() + " elements exceeds int indexing");
        }
        DataType type = owner.dataType();
        return switch (type) {
            case FLOAT -> new F32(owner);
            case DOUBLE -> new F64(owner);
            default -> throw new IllegalArgumentException("unsupported data type " + type + "; allowed: FLOAT, DOUBLE");
        };
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    public final void add(int i, double v) {
        set(i, get(i) + v);
    }

    public final int capacity() {
        return capacity;
    }

    final boolean inBounds(int i) {
        if (i < 0 || i >= capacity) {
            throw new IndexOutOfBoundsException("index " + i + " outside buffer of " + capacity);
        }
        return true;
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Float storage. */
    public static final class F32 extends Buf {
        F32(INDArray owner) {
            super(owner);
        }

        @Override
        public double get(int i) {
            assert inBounds(i);
            return UNSAFE.getFloat(address + ((long) i << 2));
        }

        @Override
        public void set(int i, double v) {
            assert inBounds(i);
            UNSAFE.putFloat(address + ((long) i << 2), (float) v);
        }

        /** Float read without the double round trip (which costs ~10x in vectorisable loops). */
        public float getFloat(int i) {
            assert inBounds(i);
            return UNSAFE.getFloat(address + ((long) i << 2));
        }

        public void setFloat(int i, float v) {
            assert inBounds(i);
            UNSAFE.putFloat(address + ((long) i << 2), v);
        }
    }

    /** Double storage (gradient checks). */
    public static final class F64 extends Buf {
        F64(INDArray owner) {
            super(owner);
        }

        @Override
        public double get(int i) {
            assert inBounds(i);
            return UNSAFE.getDouble(address + ((long) i << 3));
        }

        @Override
        public void set(int i, double v) {
            assert inBounds(i);
            UNSAFE.putDouble(address + ((long) i << 3), v);
        }
    }
}
