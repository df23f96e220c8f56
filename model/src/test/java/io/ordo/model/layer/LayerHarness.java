package io.ordo.model.layer;

import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;
import java.util.Set;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gradient check of one layer under the scalar loss L = sum(R * layer(x)) for a fixed random R:
 * then dL/dy = R, and both dL/dx and every parameter gradient are compared with finite differences.
 */
final class LayerHarness {
    private LayerHarness() {
    }

    static void check(ParameterStore store, int rows, int inCols, int outCols,
                      BiConsumer<Mat, Mat> forward, BiConsumer<Mat, Mat> backward) {
        io.ordo.model.GradientChecks.randomise(store, 11);
        Mat x = io.ordo.model.GradientChecks.randomMat(rows, inCols, 12);
        Mat r = io.ordo.model.GradientChecks.randomMat(rows, outCols, 13);
        Mat y = Mat.zeros(DataType.DOUBLE, rows, outCols);
        Mat dx = Mat.zeros(DataType.DOUBLE, rows, inCols);
        store.zeroGrads();
        forward.accept(x, y);
        backward.accept(r, dx);
        java.util.function.DoubleSupplier loss = () -> {
            forward.accept(x, y);
            double s = 0;
            for (int i = 0; i < y.size(); i++) {
                s += r.getFlat(i) * y.getFlat(i);
            }
            return s;
        };
        io.ordo.model.GradientChecks.checkAll(store, loss, Set.of());
        io.ordo.model.GradientChecks.check("dx", x, dx, loss);
    }
}
