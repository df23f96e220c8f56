package io.ordo.model.tensor;

import java.util.Locale;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row-major GEMM on {@link Mat} storage with explicit offsets and leading dimensions.
 *
 * <p>Two paths, chosen once per JVM:
 * <ul>
 *   <li>{@link Path#OPENBLAS} (the CPU backend): straight into the OpenBLAS that nd4j-native links.
 *       Going through {@code Nd4j.gemm} costs ~23 us per call here against ~3.5 us direct, which
 *       matters for the per-(batch, head) attention matmuls.</li>
 *   <li>{@link Path#ND4J} (any other backend, e.g. nd4j-cuda under {@code -Pcuda}): there is no
 *       OpenBLAS in the process and the arrays live on the device too, so each matmul is an ND4J
 *       {@code Mmul} op (cuBLAS on CUDA) on strided views, with the host/device sync of
 *       {@link Backend}.</li>
 * </ul>
 * The system property {@code ordo.gemm=openblas|nd4j} overrides the choice (tests use it to
 * prove the ND4J path on the CPU backend). The choice is logged once at INFO.
 */
public final class Blas {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;
    private static final Logger LOG = LoggerFactory.getLogger(Blas.class);

    /** How matmuls run. */
    public enum Path { OPENBLAS, ND4J }

    /** System property that forces a path: {@code openblas} or {@code nd4j}. */
    public static final String PATH_PROPERTY = "ordo.gemm";

    private static final Path PATH = choosePath();

    private Blas() {
    }

    /** The path this JVM's matmuls take. */
    public static Path path() {
        return PATH;
    }

    private static Path choosePath() {
        String forced = System.getProperty(PATH_PROPERTY);
        Path path;
        if (forced != null) {
            path = Path.valueOf(forced.trim().toUpperCase(Locale.ROOT));
            LOG.info("matmuls: {} path, forced by -D{}={} (ND4J backend {})", path, PATH_PROPERTY, forced, Backend.name());
        } else if (Backend.isCpu()) {
            path = Path.OPENBLAS;
            LOG.debug("matmuls: OpenBLAS cblas_sgemm/dgemm directly (ND4J backend {})", Backend.name());
        } else {
            path = Path.ND4J;
            LOG.info("ND4J backend {} is not the CPU one: matmuls go through ND4J Mmul ops (cuBLAS on CUDA) instead of "
                    + "OpenBLAS cblas_sgemm; the fused kernels stay on the host and arrays are synced around each op", Backend.name());
        }
        return path;
    }

    /** C = alpha * op(A) @ op(B) + beta * C for whole matrices. */
    public static void gemm(Mat a, boolean transA, Mat b, boolean transB, Mat c, double alpha, double beta) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shape mismatch: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n + ", C " + c.rows() + "x" + c.cols());
        }
        gemm(transA, transB, m, n, k, alpha, a, 0, a.cols(), b, 0, b.cols(), beta, c, 0, c.cols());
    }

    /**
     * Raw form on sub-blocks: offsets are relative to each Mat's own offset, leading dimensions in
     * elements (row stride of the stored, untransposed block).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            Mat a, int aOff, int lda, Mat b, int bOff, int ldb,
                            double beta, Mat c, int cOff, int ldc) {
        if (PATH == Path.OPENBLAS) {
            cblas(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            nd4j(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    static void cblas(boolean transA, boolean transB, int m, int n, int k, double alpha,
                      Mat a, int aOff, int lda, Mat b, int bOff, int ldb,
                      double beta, Mat c, int cOff, int ldc) {
        DataType type = c.dataType();
        int ta = transA ? TRANS : NO_TRANS;
        int tb = transB ? TRANS : NO_TRANS;
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, (float) alpha,
                    floats(a, aOff), lda, floats(b, bOff), ldb, (float) beta, floats(c, cOff), ldc);
        } else if (type == DataType.DOUBLE) {
            openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha,
                    doubles(a, aOff), lda, doubles(b, bOff), ldb, beta, doubles(c, cOff), ldc);
        } else {
            throw new IllegalArgumentException("unsupported data type " + type + "; allowed: FLOAT, DOUBLE");
        }
    }

    /** The same product as an ND4J Mmul op on strided views of the three buffers. */
    static void nd4j(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     Mat a, int aOff, int lda, Mat b, int bOff, int ldb,
                     double beta, Mat c, int cOff, int ldc) {
        INDArray av = view(a, aOff, transA ? k : m, transA ? m : k, lda);
        INDArray bv = view(b, bOff, transB ? n : k, transB ? k : n, ldb);
        INDArray cv = view(c, cOff, m, n, ldc);
        Backend.hostWritten(a.owner(), b.owner(), c.owner());
        Nd4j.exec(new Mmul(av, bv, cv, alpha, beta,
                MMulTranspose.builder().transposeA(transA).transposeB(transB).build()));
        Backend.syncToHost(c.owner());
    }

    /** A (rows, cols) view with row stride ld at element offset off of m's buffer. */
    private static INDArray view(Mat m, int off, int rows, int cols, int ld) {
        return Nd4j.create(m.owner().data(), new long[] {rows, cols}, new long[] {ld, 1}, m.offset() + off, 'c');
    }

    private static FloatPointer floats(Mat m, int off) {
        return POINTERS.get().floats.at(m.buf().address + 4L * (m.offset() + off));
    }

    private static DoublePointer doubles(Mat m, int off) {
        return POINTERS.get().doubles.at(m.buf().address + 8L * (m.offset() + off));
    }

    /**
     * Per-thread pointers re-aimed for every call: building JavaCPP pointers per matmul (and the
     * buffer's own address pointer) was most of the step's allocation.
     */
    private static final ThreadLocal<Pointers> POINTERS = ThreadLocal.withInitial(Pointers::new);

    private static final class Pointers {
        final Floats floats = new Floats();
        final Doubles doubles = new Doubles();
    }

    /** A FloatPointer whose address is set per call; each cblas argument gets its own instance. */
    private static final class Floats {
        private final FloatAt[] ring = {new FloatAt(), new FloatAt(), new FloatAt()};
        private int next;

        FloatPointer at(long address) {
            FloatAt p = ring[next];
            next = (next + 1) % ring.length;
            return p.at(address);
        }
    }

    private static final class Doubles {
        private final DoubleAt[] ring = {new DoubleAt(), new DoubleAt(), new DoubleAt()};
        private int next;

        DoublePointer at(long address) {
            DoubleAt p = ring[next];
            next = (next + 1) % ring.length;
            return p.at(address);
        }
    }

    private static final class FloatAt extends FloatPointer {
        FloatAt() {
            super((Pointer) null);
        }

        FloatAt at(long addr) {
            address = addr;
            position = 0;
            limit = 0;
            capacity = 0;
            return this;
        }
    }

    private static final class DoubleAt extends DoublePointer {
        DoubleAt() {
            super((Pointer) null);
        }

        DoubleAt at(long addr) {
            address = addr;
            position = 0;
            limit = 0;
            capacity = 0;
            return this;
        }
    }
}
