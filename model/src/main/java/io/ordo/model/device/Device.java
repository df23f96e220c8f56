package io.ordo.model.device;

import io.ordo.model.kernel.Kernels;
import io.ordo.model.kernel.cpu.FloatCpuKernels;
import io.ordo.model.kernel.reference.ReferenceKernels;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Where and in what precision a model's math runs: one {@link Kernels} implementation per
 * constant. A model picks one when its parameter store is built ({@link #forType}) and its layers
 * use that one only. A device-resident GPU implementation would be a third constant (see
 * {@code docs/kernels.md}).
 */
public enum Device {
    /** Double storage, the reference loops on the host: what the gradient checks prove. */
    CPU_DOUBLE_REFERENCE(ReferenceKernels.INSTANCE),
    /** Float storage, the vectorised heap-tile kernels on the host: what training runs. */
    CPU_FLOAT(FloatCpuKernels.INSTANCE);

    private final Kernels kernels;

    Device(Kernels kernels) {
        this.kernels = kernels;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** The device for a model stored in {@code type}: FLOAT trains on the CPU float kernels, DOUBLE runs the reference. */
    public static Device forType(DataType type) {
        return switch (type) {
            case FLOAT -> CPU_FLOAT;
            case DOUBLE -> CPU_DOUBLE_REFERENCE;
            default -> throw new IllegalArgumentException("unsupported data type " + type + "; allowed: FLOAT, DOUBLE");
        };
    }
}
