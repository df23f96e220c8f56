package io.ordo.model.kernel;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The math of one model on one device: every operation the layers, losses and optimizer run,
 * grouped by operation. Chosen once per model (by the {@code Device} enum, from the model's
 * data type) and handed to every layer through the {@code ParameterStore}; layers never
 * look at the data type again.
 *
 * <p>Every operation takes {@link io.ordo.model.tensor.Mat} handles (buffer + offset + shape),
 * never host arrays of tensor data, so an implementation may keep all tensors in device memory.
 * The only values that cross back to the caller are scalars (loss, gradient norm) and, for the
 * sparse ListNet targets, the per-row log-sum-exp (see {@link LossKernel}).
 *
 * <p>Implementations today: {@code kernel.reference.ReferenceKernels} (double loops; what the
 * finite-difference gradient checks prove) and {@code kernel.cpu.FloatCpuKernels} (float heap-tile
 * loops, checked against the reference). See {@code docs/kernels.md}. An implementation is one
 * value of this record: a name, a storage type and one kernel per operation.
 *
 * @param name     a short name for logs, e.g. {@code cpu-float}
 * @param dataType the storage type of every tensor this implementation works on
 */
public record Kernels(String name, DataType dataType, MatmulKernel matmul, ElementwiseKernel elementwise,
                      LayerNormKernel layerNorm, GeluKernel gelu, AttentionKernel attention, EmbeddingKernel embedding,
                      LossKernel loss, OptimizerKernel optimizer) {
}
