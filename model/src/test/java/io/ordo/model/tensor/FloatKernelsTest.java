package io.ordo.model.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ordo.model.layer.Gelu;
import io.ordo.model.layer.LayerNorm;
import io.ordo.model.param.ParameterStore;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The float twins compute what the gradient-checked double loops compute, to float precision. */
class FloatKernelsTest {
    private static final int ROWS = 12;
    private static final int COLS = 40;

    private static Mat filled(DataType type, long seed) {
        Mat m = Mat.zeros(type, ROWS, COLS);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, 3 * (rng.nextDouble() - 0.5));
        }
        return m;
    }

    private static void assertClose(Mat expected, Mat actual, double tol, String what) {
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.getFlat(i), actual.getFlat(i), tol * (1 + Math.abs(expected.getFlat(i))), what + "[" + i + "]");
        }
    }

    /** Runs the same computation in double and float and compares outputs and gradients. */
    private static void compare(String what, Function<DataType, Mat[]> run) {
        Mat[] d = run.apply(DataType.DOUBLE);
        Mat[] f = run.apply(DataType.FLOAT);
        for (int i = 0; i < d.length; i++) {
            assertClose(d[i], f[i], 2e-5, what + " output " + i);
        }
    }

    @Test
    void shouldMatchDoubleLayerNorm() {
        compare("layernorm", type -> {
            ParameterStore store = new ParameterStore(type);
            LayerNorm ln = new LayerNorm(store, "ln", COLS);
            store.allocate(1);
            store.params().forEach(p -> p.value().copyFrom(filled(type, p.name().length()).rows(0, 1)));
            Mat x = filled(type, 2);
            Mat y = Mat.zeros(type, ROWS, COLS);
            Mat dx = Mat.zeros(type, ROWS, COLS);
            ln.forward(x, y);
            ln.backward(filled(type, 3), dx);
            return new Mat[] {y, dx, store.params().get(0).grad(), store.params().get(1).grad()};
        });
    }

    @Test
    void shouldMatchDoubleGelu() {
        compare("gelu", type -> {
            Gelu gelu = new Gelu();
            Mat x = filled(type, 4);
            Mat y = Mat.zeros(type, ROWS, COLS);
            Mat dx = Mat.zeros(type, ROWS, COLS);
            gelu.forward(x, y);
            gelu.backward(filled(type, 5), dx);
            return new Mat[] {y, dx};
        });
    }

    @Test
    void shouldMatchDoubleAdd() {
        compare("add", type -> {
            Mat out = Mat.zeros(type, ROWS, COLS);
            Kernels.add(filled(type, 6), filled(type, 7), out);
            return new Mat[] {out};
        });
    }
}
