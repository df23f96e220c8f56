package io.ordo.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.param.Init;
import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class AdamWTest {

    /** w (3x4, decayed), b (1x4, not decayed), w2 (2x4, decayed): 24 elements in three ranges. */
    private static ParameterStore store(DataType type) {
        var s = new ParameterStore(type);
        s.add("w", 3, 4, Init.NORMAL);
        Param b = s.add("b", 1, 4, Init.ZEROS);
        s.add("w2", 2, 4, Init.NORMAL);
        s.allocate(1);
        for (int c = 0; c < 4; c++) {
            b.value().set(0, c, 0.1 * (c + 1)); // non-zero so that decaying it would show
        }
        return s;
    }

    private static double[] toArray(INDArray a, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = a.getDouble(i);
        }
        return out;
    }

    /** Independent copy of the documented schedule: warmup 2, cosine to step 6, floor 0.2 * lr. */
    private static double referenceLr(double lr, long s) {
        if (s < 2) {
            return lr * (s + 1) / 2.0;
        }
        if (s >= 6) {
            return lr * 0.2;
        }
        return lr * 0.2 + lr * 0.8 * 0.5 * (1 + Math.cos(Math.PI * (s - 2) / 4.0));
    }

    @Test
    void shouldMatchHandComputedReferenceWithDecayOnMatricesOnly() {
        ParameterStore s = store(DataType.DOUBLE);
        int n = s.size();
        double lr = 0.05;
        double wd = 0.1;
        double b1 = 0.9;
        double b2 = 0.95;
        double eps = 1e-8;
        double clip = 1.0;
        var cfg = new OptimizerConfig(lr, b1, b2, eps, wd, 2, 6, 0.2, clip);
        AdamW opt = new AdamW(s, cfg);

        boolean[] decay = new boolean[n];
        for (int i = 0; i < n; i++) {
            decay[i] = i < 12 || i >= 16; // w and w2, not b
        }
        double[] p = toArray(s.values(), n);
        double[] m = new double[n];
        double[] v = new double[n];
        double[] g = new double[n];
        int clippedSteps = 0;
        int unclippedSteps = 0;
        for (int step = 0; step < 9; step++) {
            double scale = step % 2 == 0 ? 10.0 : 0.3;
            for (int i = 0; i < n; i++) {
                g[i] = (p[i] - 0.3 * Math.cos(i)) * scale + 0.01 * Math.sin(i + step);
                s.gradBuf().set(i, g[i]);
            }
            double sq = 0;
            for (double x : g) {
                sq += x * x;
            }
            double norm = Math.sqrt(sq);
            if (norm > clip) {
                clippedSteps++;
                for (int i = 0; i < n; i++) {
                    g[i] *= clip / norm;
                }
            } else {
                unclippedSteps++;
            }
            double lrT = referenceLr(lr, step);
            int t = step + 1;
            for (int i = 0; i < n; i++) {
                if (decay[i]) {
                    p[i] -= lrT * wd * p[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mhat = m[i] / (1 - Math.pow(b1, t));
                double vhat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lrT * mhat / (Math.sqrt(vhat) + eps);
            }

            OptimizerUpdate r = opt.step();
            assertEquals(new OptimizerUpdate(step, r.lr(), r.gradNorm(), false), r);
            assertEquals(lrT, r.lr(), 1e-15, "lr at step " + step);
            assertEquals(norm, r.gradNorm(), 1e-12, "pre-clip norm at step " + step);
            assertEquals(t, opt.stepCount());
            for (int i = 0; i < n; i++) {
                assertEquals(p[i], s.valueBuf().get(i), 1e-12, "param " + i + " at step " + step);
                assertEquals(m[i], opt.firstMoment().getDouble(i), 1e-12, "m " + i + " at step " + step);
                assertEquals(v[i], opt.secondMoment().getDouble(i), 1e-12, "v " + i + " at step " + step);
            }
        }
        assertTrue(clippedSteps > 0 && unclippedSteps > 0, "reference must exercise both clip branches");
    }

    @Test
    void shouldMoveByMinusLrTimesSignOfGradientMinusDecayOnFirstStep() {
        var s = new ParameterStore(DataType.DOUBLE);
        Param w = s.add("w", 2, 2, Init.ZEROS);
        Param b = s.add("b", 1, 2, Init.ZEROS);
        s.allocate(1);
        w.value().fill(0.5);
        b.value().fill(0.5);
        w.grad().set(0, 0, 0.3);
        w.grad().set(0, 1, -0.3);
        w.grad().set(1, 0, 0.3);
        w.grad().set(1, 1, 0.3);
        b.grad().set(0, 0, 0.3);
        b.grad().set(0, 1, -0.3);
        var cfg = OptimizerConfig.defaults().withGradClipNorm(0.0); // lr 1e-3, wd 0.01, eps 1e-8
        AdamW opt = new AdamW(s, cfg);

        opt.step();
        // torch.optim.AdamW step 1: mhat = g, vhat = g^2, so p1 = p0 (1 - lr wd) - lr g / (|g| + eps)
        // 0.5 * (1 - 1e-5) - 1e-3 * 0.3 / (0.3 + 1e-8) = 0.499995 - 0.000999999966667
        assertEquals(0.498995000033333, w.value().get(0, 0), 1e-12);
        assertEquals(0.500994999966667, w.value().get(0, 1), 1e-12);
        // the bias is not decayed: 0.5 -/+ 0.000999999966667
        assertEquals(0.499000000033333, b.value().get(0, 0), 1e-12);
        assertEquals(0.500999999966667, b.value().get(0, 1), 1e-12);

        opt.step(); // constant gradient: mhat = g and vhat = g^2 again, another -lr * sign(g)
        assertEquals(0.498995000033333 * (1 - 1e-5) - 0.000999999966667, w.value().get(0, 0), 1e-12);
        assertEquals(0.499000000033333 - 0.000999999966667, b.value().get(0, 0), 1e-12);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void shouldSkipTheWholeUpdateWhenAnyGradientIsNotFinite(double bad) {
        ParameterStore s = store(DataType.DOUBLE);
        AdamW opt = new AdamW(s, OptimizerConfig.defaults().withSchedule(5, 50, 0.1));
        for (int i = 0; i < s.size(); i++) {
            s.gradBuf().set(i, 0.1 * Math.sin(i));
        }
        opt.step(); // non-zero moments, so "unchanged" is a real check
        INDArray values = s.values().dup();
        INDArray m = opt.firstMoment().dup();
        INDArray v = opt.secondMoment().dup();
        s.gradBuf().set(13, bad);

        OptimizerUpdate r = opt.step();

        assertTrue(r.skipped());
        assertFalse(Double.isFinite(r.gradNorm()));
        assertEquals(1, r.step());
        assertEquals(opt.schedule().lr(1), r.lr(), 0.0);
        assertEquals(1, opt.stepCount());
        assertEquals(values, s.values());
        assertEquals(m, opt.firstMoment());
        assertEquals(v, opt.secondMoment());

        s.gradBuf().set(13, 0.0);
        OptimizerUpdate next = opt.step();
        assertFalse(next.skipped());
        assertEquals(1, next.step(), "the skipped step is retried at the same index");
        assertEquals(2, opt.stepCount());
    }

    @Test
    void shouldMinimiseAQuadraticInFloat() {
        var s = new ParameterStore(DataType.FLOAT);
        Param w = s.add("w", 8, 8, Init.NORMAL);
        Param b = s.add("b", 1, 8, Init.ZEROS);
        s.allocate(7);
        int n = s.size();
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            target[i] = Math.sin(1.7 * i); // in [-1, 1]
        }
        var cfg = OptimizerConfig.defaults().withLearningRate(0.05).withWeightDecay(0.0)
                .withSchedule(10, 300, 0.01);
        AdamW opt = new AdamW(s, cfg);
        double initialError = maxError(s, target);
        for (int step = 0; step < 300; step++) {
            for (int i = 0; i < n; i++) { // loss = 0.5 * |p - target|^2
                s.gradBuf().set(i, s.valueBuf().get(i) - target[i]);
            }
            assertFalse(opt.step().skipped());
        }
        assertTrue(initialError > 0.5, "start far from the target: " + initialError);
        double finalError = maxError(s, target);
        assertTrue(finalError < 1e-2, "max |p - target| after 300 steps: " + finalError);
        assertEquals(target[n - 1], b.value().get(0, 7), 1e-2);
        assertEquals(target[0], w.value().get(0, 0), 1e-2);
    }

    private static double maxError(ParameterStore s, double[] target) {
        double max = 0;
        for (int i = 0; i < target.length; i++) {
            max = Math.max(max, Math.abs(s.valueBuf().get(i) - target[i]));
        }
        return max;
    }

    @Test
    void shouldResumeIdenticallyFromCopiedStateAndRestoredStep() {
        var cfg = OptimizerConfig.defaults().withLearningRate(0.01).withSchedule(2, 20, 0.1);
        ParameterStore a = store(DataType.DOUBLE);
        AdamW optA = new AdamW(a, cfg);
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < a.size(); i++) {
                a.gradBuf().set(i, Math.cos(i * 0.7 + step));
            }
            optA.step();
        }
        ParameterStore b = store(DataType.DOUBLE);
        b.values().assign(a.values());
        AdamW optB = new AdamW(b, cfg);
        optB.firstMoment().assign(optA.firstMoment());
        optB.secondMoment().assign(optA.secondMoment());
        optB.restore(optA.stepCount());

        for (int i = 0; i < a.size(); i++) {
            a.gradBuf().set(i, Math.sin(i));
            b.gradBuf().set(i, Math.sin(i));
        }
        assertEquals(optA.currentLr(), optB.currentLr(), 0.0);
        assertEquals(optA.step(), optB.step());
        assertEquals(a.values(), b.values());
        assertEquals(4, optB.stepCount());
        assertThrows(IllegalArgumentException.class, () -> optB.restore(-1));
    }

    @Test
    void shouldKeepFlatStateOfTheStoreLengthAndType() {
        ParameterStore s = store(DataType.FLOAT);
        AdamW opt = new AdamW(s, OptimizerConfig.defaults());
        assertEquals(s.values().length(), opt.firstMoment().length());
        assertEquals(s.values().length(), opt.secondMoment().length());
        assertEquals(DataType.FLOAT, opt.firstMoment().dataType());
        assertEquals(DataType.FLOAT, opt.secondMoment().dataType());
        assertEquals(0, opt.stepCount());
    }

    @Test
    void shouldRejectAnUnallocatedStore() {
        var s = new ParameterStore(DataType.DOUBLE);
        s.add("w", 2, 2, Init.NORMAL);
        assertThrows(IllegalStateException.class, () -> new AdamW(s, OptimizerConfig.defaults()));
    }

    @Test
    void shouldNotAllocatePerElementInStep() {
        var s = new ParameterStore(DataType.FLOAT);
        s.add("w", 100, 100, Init.NORMAL);
        s.add("b", 1, 100, Init.ZEROS);
        s.allocate(3);
        for (int i = 0; i < s.size(); i++) {
            s.gradBuf().set(i, 1e-3 * Math.sin(i));
        }
        AdamW opt = new AdamW(s, OptimizerConfig.defaults());
        for (int k = 0; k < 200; k++) {
            opt.step();
        }
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int k = 0; k < 100; k++) {
            opt.step();
        }
        long bytes = mx.getThreadAllocatedBytes(tid) - before;
        // 10,100 elements: any per-element allocation would be > 100 * 10,100 * 16 bytes
        assertTrue(bytes < 100 * 1024, "allocated " + bytes + " bytes in 100 steps");
    }
}
