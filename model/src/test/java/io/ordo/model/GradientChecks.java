package io.ordo.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/** Central finite differences against analytic gradients, in double precision. */
public final class GradientChecks {
    public static final double EPS = 1e-6;
    public static final double ABS_TOL = 1e-8;
    public static final double REL_TOL = 1e-5;

    private GradientChecks() {
    }

    /** Re-draws every parameter from N(init, 0.3) so that no path has vanishing gradients. */
    public static void randomise(ParameterStore store, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Param p : store.params()) {
            double base = p.name().endsWith(".gain") ? 1.0 : 0.0;
            for (int i = 0; i < p.size(); i++) {
                p.value().setFlat(i, base + 0.3 * gaussian(rng));
            }
        }
    }

    public static Mat randomMat(int rows, int cols, long seed) {
        Mat m = Mat.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, rows, cols);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, gaussian(rng));
        }
        return m;
    }

    public static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /**
     * Checks every element of {@code values} against {@code analytic}: perturbs it by +-EPS, reads
     * the loss, and compares the slope with the analytic entry.
     */
    public static void check(String what, Mat values, Mat analytic, DoubleSupplier loss) {
        double worst = 0;
        int checked = 0;
        for (int i = 0; i < values.size(); i++) {
            double orig = values.getFlat(i);
            values.setFlat(i, orig + EPS);
            double up = loss.getAsDouble();
            values.setFlat(i, orig - EPS);
            double down = loss.getAsDouble();
            values.setFlat(i, orig);
            double numeric = (up - down) / (2 * EPS);
            double a = analytic.getFlat(i);
            double err = Math.abs(a - numeric);
            worst = Math.max(worst, err / (ABS_TOL + REL_TOL * Math.abs(numeric)));
            assertTrue(err <= ABS_TOL + REL_TOL * Math.abs(numeric),
                    what + "[" + i + "]: analytic " + a + " vs numeric " + numeric);
            checked++;
        }
        assertTrue(checked > 0, what + ": nothing checked");
    }

    /** Checks every parameter of the store; analytic gradients must already be in store.grads(). */
    public static void checkAll(ParameterStore store, DoubleSupplier loss, java.util.Set<String> expectZero) {
        for (Param p : store.params()) {
            Mat g = Mat.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, p.rows(), p.cols());
            g.copyFrom(p.grad());
            check(p.name(), p.value(), g, loss);
            if (!expectZero.contains(p.name())) {
                assertTrue(Math.sqrt(io.ordo.model.kernel.reference.ReferenceKernels.INSTANCE.optimizer().sumOfSquares(g)) > 1e-9,
                        p.name() + " got no gradient at all");
            }
        }
    }
}
