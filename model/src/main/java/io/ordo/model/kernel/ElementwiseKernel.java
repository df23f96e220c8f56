package io.ordo.model.kernel;

import io.ordo.model.tensor.Mat;

/** Element-wise adds and the row/column broadcasts of the linear layers' biases. */
public interface ElementwiseKernel {
    /** out = a + b element-wise, all of one size (out may alias a or b). */
    void add(Mat a, Mat b, Mat out);

    /** y[r, :] += bias[0, :] for every row r. */
    void addRowVector(Mat y, Mat bias);

    /** sums[0, :] += the column sums of m (a linear layer's bias gradient). */
    void accumulateColumnSums(Mat m, Mat sums);
}
