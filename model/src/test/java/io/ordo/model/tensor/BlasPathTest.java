package io.ordo.model.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ND4J gemm path (what a non-CPU backend such as -Pcuda takes) gives the same products as the
 * OpenBLAS path, on whole matrices and on the strided sub-blocks the attention uses.
 */
class BlasPathTest {

    @Test
    void shouldPickOpenBlasOnTheCpuBackend() {
        assertEquals(System.getProperty(Blas.PATH_PROPERTY) == null ? Blas.Path.OPENBLAS : Blas.path(), Blas.path());
    }

    @Test
    void shouldAgreeOnWholeMatricesInEveryTransposeAndBeta() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (double beta : new double[] {0.0, 1.0}) {
                        int m = 7;
                        int n = 5;
                        int k = 9;
                        Mat a = random(type, ta ? k : m, ta ? m : k, 1);
                        Mat b = random(type, tb ? n : k, tb ? k : n, 2);
                        Mat c1 = random(type, m, n, 3);
                        Mat c2 = random(type, m, n, 3);
                        Blas.cblas(ta, tb, m, n, k, 0.5, a, 0, a.cols(), b, 0, b.cols(), beta, c1, 0, n);
                        Blas.nd4j(ta, tb, m, n, k, 0.5, a, 0, a.cols(), b, 0, b.cols(), beta, c2, 0, n);
                        assertClose(c1, c2, type, "type " + type + " ta " + ta + " tb " + tb + " beta " + beta);
                    }
                }
            }
        }
    }

    @Test
    void shouldAgreeOnStridedSubBlocksAsTheAttentionAddressesThem() {
        // qkv (N, 3D) with one head's q, k, v at column offsets and leading dimension 3D.
        int t = 6;
        int hd = 4;
        int d = 8;
        int ld = 3 * d;
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Mat qkv = random(type, 2 * t, ld, 4);
            Mat s1 = random(type, t, t, 5);
            Mat s2 = random(type, t, t, 5);
            int q = t * ld + hd;          // sequence 1, head 1
            int k = t * ld + d + hd;
            Blas.cblas(false, true, t, t, hd, 0.5, qkv, q, ld, qkv, k, ld, 0.0, s1, 0, t);
            Blas.nd4j(false, true, t, t, hd, 0.5, qkv, q, ld, qkv, k, ld, 0.0, s2, 0, t);
            assertClose(s1, s2, type, "scores " + type);
            // write into a strided block of the output (dQ = dS k), accumulate with beta = 1
            Mat out1 = random(type, 2 * t, ld, 6);
            Mat out2 = random(type, 2 * t, ld, 6);
            Blas.cblas(true, false, t, hd, t, 1.0, s1, 0, t, qkv, k, ld, 1.0, out1, q, ld);
            Blas.nd4j(true, false, t, hd, t, 1.0, s1, 0, t, qkv, k, ld, 1.0, out2, q, ld);
            assertClose(out1, out2, type, "strided output " + type);
        }
    }

    private static Mat random(DataType type, int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mat m = Mat.zeros(type, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, rng.nextDouble(-1, 1));
        }
        return m;
    }

    private static void assertClose(Mat expected, Mat actual, DataType type, String what) {
        double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.getFlat(i), actual.getFlat(i), tol, what + " at " + i);
        }
    }
}
