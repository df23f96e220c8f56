package io.ordo.model.kernel;

/**
 * The scalars of one AdamW update (see {@link OptimizerKernel#adamW}), resolved by the optimizer
 * for step t: {@code stepSize = lr / (1 - b1^t)}, {@code invBc2Sqrt = 1 / sqrt(1 - b2^t)},
 * {@code decayMul = 1 - lr * wd} (1 for parameters without decay).
 */
public record AdamWStep(double decayMul, double stepSize, double invBc2Sqrt, double beta1, double beta2, double eps) {
}
