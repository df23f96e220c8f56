package io.ordo.model.kernel.reference;

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
 * The reference: plain loops that compute in double through {@link io.ordo.model.tensor.Buf}, on
 * double storage. The finite-difference gradient checks prove these; every faster implementation
 * is checked against them. The loops read and write any storage type, but the model runs them on
 * double only.
 */
public final class ReferenceKernels implements Kernels {
    public static final ReferenceKernels INSTANCE = new ReferenceKernels();

    private final ElementwiseKernel elementwise = new ReferenceElementwise();
    private final LayerNormKernel layerNorm = new ReferenceLayerNorm();
    private final GeluKernel gelu = new ReferenceGelu();
    private final AttentionKernel attention = new ReferenceAttention();
    private final EmbeddingKernel embedding = new ReferenceEmbedding();
    private final LossKernel loss = new ReferenceLoss();
    private final OptimizerKernel optimizer = new ReferenceOptimizer();

    private ReferenceKernels() {
    }

    @Override
    public String name() {
        return "reference-double";
    }

    @Override
    public DataType dataType() {
        return DataType.DOUBLE;
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
