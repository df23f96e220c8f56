package io.ordo.model.kernel;

import io.ordo.model.tensor.Mat;

/** Row-major GEMM, C = alpha * op(A) @ op(B) + beta * C, on whole matrices or strided blocks of them. */
public interface MatmulKernel {
    /** Whole matrices. */
    void gemm(Mat a, boolean transA, Mat b, boolean transB, Mat c, double alpha, double beta);

    /**
     * op(A) (m, k) at element offset aOff of a's buffer with row stride lda, likewise B (k, n) and
     * C (m, n); offsets are relative to each Mat's own offset.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              Mat a, int aOff, int lda, Mat b, int bOff, int ldb, double beta, Mat c, int cOff, int ldc);
}
