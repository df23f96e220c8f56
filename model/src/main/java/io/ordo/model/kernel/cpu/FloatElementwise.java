package io.ordo.model.kernel.cpu;

import io.ordo.model.kernel.ElementwiseKernel;
import io.ordo.model.tensor.Blas;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.Mat;
import io.ordo.model.tensor.Ones;

/**
 * Adds in float on heap tiles; the bias broadcast as a rank-1 BLAS update with a ones column (a float heap-tile
 * loop measured ~5-10x slower here: copying the rows to the heap and back costs more than the
 * add); the column sums on heap tiles (~25% faster here than OpenBLAS's ones^T @ dy, which reads
 * dy in its transposed layout).
 */
final class FloatElementwise implements ElementwiseKernel {
    /** Tiles: the two addends, or rows of the summed matrix. Vector: the running column sums. */
    private final ThreadLocal<FloatTiles> scratch = ThreadLocal.withInitial(() -> new FloatTiles(2, 1));

    @Override
    public void add(Mat a, Mat b, Mat out) {
        if (a.size() != b.size() || a.size() != out.size()) {
            throw new IllegalArgumentException("size mismatch: " + a + ", " + b + ", " + out);
        }
        FloatTiles s = scratch.get();
        float[] as = s.tile(0);
        float[] bs = s.tile(1);
        int tile = s.tileLength();
        Buf.F32 ab = (Buf.F32) a.buf();
        Buf.F32 bb = (Buf.F32) b.buf();
        Buf.F32 ob = (Buf.F32) out.buf();
        int size = a.size();
        for (int i0 = 0; i0 < size; i0 += tile) {
            int n = Math.min(tile, size - i0);
            ab.load(a.offset() + i0, as, n);
            bb.load(b.offset() + i0, bs, n);
            for (int i = 0; i < n; i++) {
                as[i] += bs[i];
            }
            ob.store(as, out.offset() + i0, n);
        }
    }

    @Override
    public void addRowVector(Mat y, Mat bias) {
        Blas.gemm(Ones.column(y.dataType(), y.rows()), false, bias, false, y, 1.0, 1.0);
    }

    @Override
    public void accumulateColumnSums(Mat m, Mat sums) {
        int d = m.cols();
        FloatTiles s = scratch.get().fit(d);
        float[] acc = s.vector(0);
        float[] ms = s.tile(0);
        ((Buf.F32) sums.buf()).load(sums.offset(), acc, d);
        Buf.F32 mb = (Buf.F32) m.buf();
        int rowsPerTile = s.rowsPerTile(d);
        for (int r0 = 0; r0 < m.rows(); r0 += rowsPerTile) {
            int rows = Math.min(rowsPerTile, m.rows() - r0);
            mb.load(m.offset() + r0 * d, ms, rows * d);
            for (int r = 0; r < rows; r++) {
                int o = r * d;
                for (int c = 0; c < d; c++) {
                    acc[c] += ms[o + c];
                }
            }
        }
        ((Buf.F32) sums.buf()).store(acc, sums.offset(), d);
    }
}
