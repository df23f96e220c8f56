package io.ordo.model.kernel.reference;

import io.ordo.model.kernel.BlasMatmul;
import io.ordo.model.kernel.Kernels;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The reference: plain loops that compute in double through {@link io.ordo.model.tensor.Buf}, on
 * double storage. The finite-difference gradient checks prove these; every faster implementation
 * is checked against them. The loops read and write any storage type, but the model runs them on
 * double only.
 */
public final class ReferenceKernels {
    public static final Kernels INSTANCE = new Kernels("reference-double", DataType.DOUBLE, BlasMatmul.INSTANCE,
            new ReferenceElementwise(), new ReferenceLayerNorm(), new ReferenceGelu(), new ReferenceAttention(),
            new ReferenceEmbedding(), new ReferenceLoss(), new ReferenceOptimizer());

    private ReferenceKernels() {
    }
}
