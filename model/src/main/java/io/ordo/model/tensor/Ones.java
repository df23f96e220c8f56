package io.ordo.model.tensor;

import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;

/** Shared read-only (n, 1) columns of ones, for bias broadcasts and column sums through BLAS. */
public final class Ones {
    private static final ConcurrentHashMap<DataType, Mat> LONGEST = new ConcurrentHashMap<>();

    private Ones() {
    }

    /** A column of at least {@code rows} ones, viewed as exactly (rows, 1). */
    public static Mat column(DataType type, int rows) {
        Mat m = LONGEST.compute(type, (t, cur) -> {
            if (cur != null && cur.rows() >= rows) {
                return cur;
            }
            Mat fresh = Mat.zeros(t, Math.max(rows, cur == null ? 0 : 2 * cur.rows()), 1);
            fresh.fill(1.0);
            return fresh;
        });
        return m.rows(0, rows);
    }
}
