package io.ordo.model.kernel;

import io.ordo.model.tensor.Blas;
import io.ordo.model.tensor.Mat;

/**
 * Matmuls through {@link Blas}: OpenBLAS sgemm/dgemm on the CPU backend, an ND4J Mmul op on any
 * other. Shared by both host implementations, whose matrices live in ND4J host buffers.
 */
public enum BlasMatmul implements MatmulKernel {
    INSTANCE;

    @Override
    public void gemm(Mat a, boolean transA, Mat b, boolean transB, Mat c, double alpha, double beta) {
        Blas.gemm(a, transA, b, transB, c, alpha, beta);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     Mat a, int aOff, int lda, Mat b, int bOff, int ldb, double beta, Mat c, int cOff, int ldc) {
        Blas.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
