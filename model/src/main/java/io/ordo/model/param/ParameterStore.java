package io.ordo.model.param;

import io.ordo.model.device.Device;
import io.ordo.model.kernel.Kernels;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * All parameters in one flat buffer and all gradients in another, with a {@link Param} view per
 * tensor. Layers {@link #add} their parameters while they are built; {@link #allocate} then creates
 * both buffers and initialises the values. The flat gradient is what all-reduce sends and the flat
 * values are what checkpoints write, without per-tensor copies.
 */
public final class ParameterStore {
    /** Standard deviation of {@link Init#NORMAL} weights (GPT-2). */
    public static final double INIT_STD = 0.02;

    private final DataType dataType;
    private final Kernels kernels;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private int size;
    private INDArray values;
    private INDArray grads;
    private Buf valueBuf;
    private Buf gradBuf;
    private Mat valueMat;
    private Mat gradMat;

    /** A store of {@code dataType} whose model runs on {@link Device#forType}'s kernels. */
    public ParameterStore(DataType dataType) {
        this(Device.forType(dataType).kernels());
    }

    /** A store whose model runs on {@code kernels}, in their data type. */
    public ParameterStore(Kernels kernels) {
        this.kernels = kernels;
        this.dataType = kernels.dataType();
    }

    /** Registers a (rows, cols) parameter; its storage exists after {@link #allocate}. */
    public Param add(String name, int rows, int cols, Init init) {
        if (values != null) {
            throw new IllegalStateException("cannot add " + name + " after allocate()");
        }
        if (params.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter name " + name);
        }
        Param p = new Param(name, size, rows, cols, init);
        params.put(name, p);
        size += rows * cols;
        return p;
    }

    /** Creates the flat buffers, binds every parameter and initialises values from {@code seed}. */
    public void allocate(long seed) {
        if (values != null) {
            throw new IllegalStateException("already allocated");
        }
        values = Nd4j.create(dataType, Math.max(size, 1));
        grads = Nd4j.create(dataType, Math.max(size, 1));
        valueBuf = Buf.of(values);
        gradBuf = Buf.of(grads);
        valueMat = Mat.inside(values, valueBuf, 0, 1, size);
        gradMat = Mat.inside(grads, gradBuf, 0, 1, size);
        SplittableRandom rng = new SplittableRandom(seed);
        for (Param p : params.values()) {
            Mat v = Mat.inside(values, valueBuf, p.offset(), p.rows(), p.cols());
            p.bind(v, Mat.inside(grads, gradBuf, p.offset(), p.rows(), p.cols()));
            for (int i = 0; i < p.size(); i++) {
                v.setFlat(i, switch (p.init()) {
                    case NORMAL -> INIT_STD * gaussian(rng);
                    case ZEROS -> 0.0;
                    case ONES -> 1.0;
                });
            }
        }
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    public void zeroGrads() {
        gradBuf.zero(0, size);
    }

    /** The kernels every layer of this store's model runs on (chosen once, with the store). */
    public Kernels kernels() {
        return kernels;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Total number of scalar parameters. */
    public int size() {
        return size;
    }

    public Param get(String name) {
        Param p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name + "; known: " + params.keySet());
        }
        return p;
    }

    public List<Param> params() {
        return Collections.unmodifiableList(new ArrayList<>(params.values()));
    }

    /** The flat parameter vector (length {@link #size()}). */
    public INDArray values() {
        return values;
    }

    /** The flat gradient vector (length {@link #size()}). */
    public INDArray grads() {
        return grads;
    }

    public Buf valueBuf() {
        return valueBuf;
    }

    public Buf gradBuf() {
        return gradBuf;
    }

    /** All {@link #size()} values as one (1, size) matrix. */
    public Mat valueMat() {
        return valueMat;
    }

    /** All {@link #size()} gradients as one (1, size) matrix. */
    public Mat gradMat() {
        return gradMat;
    }
}
