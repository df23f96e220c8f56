package io.ordo.model.kernel.cpu;

import io.ordo.model.kernel.AttentionKernel;
import io.ordo.model.kernel.BlasMatmul;
import io.ordo.model.kernel.ElementwiseKernel;
import io.ordo.model.kernel.EmbeddingKernel;
import io.ordo.model.kernel.GeluKernel;
import io.ordo.model.kernel.Kernels;
import io.ordo.model.kernel.LayerNormKernel;
import io.ordo.model.kernel.LossKernel;
import io.ordo.model.kernel.MatmulKernel;
import io.ordo.model.kernel.OptimizerKernel;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The fast CPU float kernels: float storage, loops on per-thread heap tiles that the JIT
 * vectorises ({@link io.ordo.model.tensor.Buf} round trips through double measured ~10x slower),
 * {@link io.ordo.model.tensor.FastExp} for exp, OpenBLAS sgemm for the matmuls. Each kernel is
 * checked against the double reference ({@code FloatKernelsTest}, {@code AdamWFloatTest}).
 */
public final class FloatCpuKernels implements Kernels {
    public static final FloatCpuKernels INSTANCE = new FloatCpuKernels();

    private final ElementwiseKernel elementwise = new FloatElementwise();
    private final LayerNormKernel layerNorm = new FloatLayerNorm();
    private final GeluKernel gelu = new FloatGelu();
    private final AttentionKernel attention = new FloatAttention();
    private final EmbeddingKernel embedding = new FloatEmbedding();
    private final LossKernel loss = new FloatLoss();
    private final OptimizerKernel optimizer = new FloatOptimizer();

    private FloatCpuKernels() {
    }

    @Override
    public String name() {
        return "cpu-float";
    }

    @Override
    public DataType dataType() {
        return DataType.FLOAT;
    }

    @Override
    public MatmulKernel matmul() {
        return BlasMatmul.INSTANCE;
    }

    @Override
    public ElementwiseKernel elementwise() {
        return elementwise;
    }

    @Override
    public LayerNormKernel layerNorm() {
        return layerNorm;
    }

    @Override
    public GeluKernel gelu() {
        return gelu;
    }

    @Override
    public AttentionKernel attention() {
        return attention;
    }

    @Override
    public EmbeddingKernel embedding() {
        return embedding;
    }

    @Override
    public LossKernel loss() {
        return loss;
    }

    @Override
    public OptimizerKernel optimizer() {
        return optimizer;
    }
}
