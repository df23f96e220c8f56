package io.ordo.model.kernel;

import io.ordo.model.tensor.Mat;

/** The optimizer's passes over flat parameter, gradient and moment buffers. */
public interface OptimizerKernel {
    /**
     * The AdamW update, element-wise over four Mats of one size (parameters, gradients, moments):
     * <pre>
     *   m = b1 m + (1 - b1) g ;  v = b2 v + (1 - b2) g^2
     *   p = p * decayMul - stepSize * m / (sqrt(v) * invBc2Sqrt + eps)
     * </pre>
     */
    void adamW(Mat p, Mat g, Mat m, Mat v, AdamWStep step);

    /** Sum of squares of all elements, accumulated in double; NaN or infinite if any element is (a sync point). */
    double sumOfSquares(Mat m);

    /** m *= factor in place (gradient clipping). */
    void scale(Mat m, double factor);
}
