package io.ordo.model.kernel.cpu;

import io.ordo.model.kernel.BlasMatmul;
import io.ordo.model.kernel.Kernels;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The fast CPU float kernels: float storage, loops on per-thread heap tiles that the JIT
 * vectorises ({@link io.ordo.model.tensor.Buf} round trips through double measured ~10x slower),
 * {@link FastExp} for exp, OpenBLAS sgemm for the matmuls. Each kernel is
 * checked against the double reference ({@code FloatCpuKernelsTest}, {@code AdamWFloatTest}).
 */
public final class FloatCpuKernels {
    public static final Kernels INSTANCE = new Kernels("cpu-float", DataType.FLOAT, BlasMatmul.INSTANCE,
            new FloatElementwise(), new FloatLayerNorm(), new FloatGelu(), new FloatAttention(),
            new FloatEmbedding(), new FloatLoss(), new FloatOptimizer());

    private FloatCpuKernels() {
    }
}
