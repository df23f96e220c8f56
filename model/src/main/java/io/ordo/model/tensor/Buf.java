package io.ordo.model.tensor;

import java.lang.reflect.Field;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import sun.misc.Unsafe;

/**
 * Element access to the whole off-heap buffer of a contiguous ND4J array, for fused Java loops.
 *
 * <p>{@link #get}/{@link #set} go through double, so a loop written on them serves either type
 * (the reference kernels do); the float kernels use {@link F32}'s float accessors and heap-tile
 * {@code load}/{@code store}. Only two subclasses exist, so every call site is at most bimorphic
 * and the JIT inlines it.
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
        if (!Backend.isCpu()) { // a device backend may allocate host memory lazily: make it exist and current
            Nd4j.getAffinityManager().ensureLocation(owner, AffinityManager.Location.HOST);
        }
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

    /** Sets [from, from + count) to 0 with one memset. */
    public final void zero(int from, int count) {
        assert count == 0 || inBounds(from) && inBounds(from + count - 1);
        UNSAFE.setMemory(address + (long) from * elementSize(), (long) count * elementSize(), (byte) 0);
    }

    /** Copies count elements from src[srcFrom] to this[to]; both buffers must have the same type. */
    public final void copyFrom(Buf src, int srcFrom, int to, int count) {
        if (src.getClass() != getClass()) {
            throw new IllegalArgumentException("copy between " + src.getClass().getSimpleName() + " and " + getClass().getSimpleName());
        }
        assert count == 0 || inBounds(to) && inBounds(to + count - 1) && src.inBounds(srcFrom) && src.inBounds(srcFrom + count - 1);
        UNSAFE.copyMemory(src.address + (long) srcFrom * elementSize(), address + (long) to * elementSize(),
                (long) count * elementSize());
    }

    /** Bytes per element. */
    abstract int elementSize();

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

        @Override
        int elementSize() {
            return 4;
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

        /** Copies [from, from + n) into dst[0, n): loops over heap arrays vectorise, loops here do not. */
        public void load(int from, float[] dst, int n) {
            assert n == 0 || inBounds(from) && inBounds(from + n - 1);
            UNSAFE.copyMemory(null, address + ((long) from << 2), dst, Unsafe.ARRAY_FLOAT_BASE_OFFSET, (long) n << 2);
        }

        /** Copies src[0, n) to [to, to + n). */
        public void store(float[] src, int to, int n) {
            assert n == 0 || inBounds(to) && inBounds(to + n - 1);
            UNSAFE.copyMemory(src, Unsafe.ARRAY_FLOAT_BASE_OFFSET, null, address + ((long) to << 2), (long) n << 2);
        }
    }

    /** Double storage (gradient checks). */
    public static final class F64 extends Buf {
        F64(INDArray owner) {
            super(owner);
        }

        @Override
        int elementSize() {
            return 8;
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
