package io.ordo.model.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.top.TopTargetBuilder;
import io.ordo.core.top.TopTargets;
import io.ordo.core.top.TopWindow;
import io.ordo.model.device.Device;
import io.ordo.model.kernel.LossKernel;
import io.ordo.model.tensor.Mat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link ListNetLoss} on hand-worked cases, finite differences, float storage and bad arguments. */
class ListNetLossTest {

    @Test
    void shouldGiveZeroLossAndGradForEmptyRows() {
        int[] seq = {3, 1, 4, 1, 5};
        TopTargets targets = new TopTargets(5, 32);
        new TopTargetBuilder(1, 32, TopWindow.EXCLUSIVE).build(seq, 0, 5, 5, targets, 0);
        Mat logits = TopTestData.randomLogits(DataType.DOUBLE, 5, 6, new SplittableRandom(1));
        Mat grad = Mat.zeros(DataType.DOUBLE, 5, 6);
        grad.fill(1.0);
        assertEquals(0.0, ListNetLoss.lossAndGrad(kernels(logits), logits, targets, null, 1.0, grad));
        for (int i = 0; i < grad.size(); i++) {
            assertEquals(0.0, grad.getFlat(i), "grad " + i);
        }
    }

    @Test
    void shouldMatchHandWorkedValues() {
        // seq [0, 1, 0], W=2: row 0 ranks 1 (d=1) then 0 (d=2): w = (e^-1, 1) / (1 + e^-1) for tokens (0, 1)
        TopTargets targets = new TopTargets(3, 4);
        new TopTargetBuilder(2, 4, TopWindow.INCLUSIVE).build(new int[] {0, 1, 0}, 0, 3, 3, targets, 0);
        Mat logits = Mat.zeros(DataType.DOUBLE, 3, 2);
        logits.set(0, 0, Math.log(3)); // softmax(z_0) = (3/4, 1/4)
        Mat grad = Mat.zeros(DataType.DOUBLE, 3, 2);
        boolean[] mask = {true, false, true};
        double w0 = Math.exp(-1) / (1 + Math.exp(-1));
        double w1 = 1 / (1 + Math.exp(-1));
        double loss = ListNetLoss.lossAndGrad(kernels(logits), logits, targets, mask, 0.5, grad);
        // row 0: log 4 - w0 log 3; row 1 masked; row 2 has no upcoming tokens
        assertEquals(0.5 * (Math.log(4) - w0 * Math.log(3)), loss, 1e-15);
        assertEquals(0.5 * (0.75 - w0), grad.get(0, 0), 1e-15);
        assertEquals(0.5 * (0.25 - w1), grad.get(0, 1), 1e-15);
        for (int c = 0; c < 2; c++) {
            assertEquals(0.0, grad.get(1, c));
            assertEquals(0.0, grad.get(2, c));
        }
    }

    @Test
    void shouldPassFiniteDifferenceCheckWithRowMask() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 6;
        int vocab = 9;
        int[] seq = TopTestData.randomSeq(n, 5, rnd);
        TopTargets targets = new TopTargets(n, 32);
        new TopTargetBuilder(4, 32, TopWindow.INCLUSIVE).build(seq, 0, n, n, targets, 0);
        boolean[] mask = {true, false, true, true, false, true};
        double scale = 0.37;
        Mat logits = TopTestData.randomLogits(DataType.DOUBLE, n, vocab, rnd);
        Mat grad = Mat.zeros(DataType.DOUBLE, n, vocab);
        ListNetLoss.lossAndGrad(kernels(logits), logits, targets, mask, scale, grad);
        double eps = 1e-6;
        for (int i = 0; i < logits.size(); i++) {
            double x = logits.getFlat(i);
            logits.setFlat(i, x + eps);
            double plus = ListNetLoss.loss(kernels(logits), logits, targets, mask, scale);
            logits.setFlat(i, x - eps);
            double minus = ListNetLoss.loss(kernels(logits), logits, targets, mask, scale);
            logits.setFlat(i, x);
            double numeric = (plus - minus) / (2 * eps);
            double analytic = grad.getFlat(i);
            double rel = Math.abs(numeric - analytic) / Math.max(Math.abs(numeric) + Math.abs(analytic), 1e-8);
            assertTrue(rel < 1e-6, "element " + i + ": numeric " + numeric + " analytic " + analytic);
            if (!mask[i / vocab]) {
                assertEquals(0.0, analytic, "masked row " + i / vocab);
            }
        }
    }

    @Test
    void shouldAgreeInFloatWithDoubleToFloatPrecision() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 32;
        int vocab = 100;
        int[] seq = TopTestData.randomSeq(n, 20, rnd);
        TopTargets targets = new TopTargets(n, 32);
        new TopTargetBuilder(n, 32, TopWindow.INCLUSIVE).build(seq, 0, n, n, targets, 0);
        Mat d = TopTestData.randomLogits(DataType.DOUBLE, n, vocab, rnd);
        Mat f = Mat.zeros(DataType.FLOAT, n, vocab);
        f.copyFrom(d);
        d.copyFrom(f); // same (float-representable) inputs for both
        Mat gd = Mat.zeros(DataType.DOUBLE, n, vocab);
        Mat gf = Mat.zeros(DataType.FLOAT, n, vocab);
        double ld = ListNetLoss.lossAndGrad(kernels(d), d, targets, null, 1.0 / n, gd);
        double lf = ListNetLoss.lossAndGrad(kernels(f), f, targets, null, 1.0 / n, gf);
        assertEquals(ld, lf, 1e-12, "the loss is computed in double either way");
        for (int i = 0; i < gd.size(); i++) {
            assertEquals(gd.getFlat(i), gf.getFlat(i), 1e-8, "grad " + i);
        }
    }

    @Test
    void shouldRejectMismatchedShapesAndTokensOutsideVocabulary() {
        TopTargets targets = new TopTargets(2, 4);
        new TopTargetBuilder(2, 4, TopWindow.INCLUSIVE).build(new int[] {0, 9}, 0, 2, 2, targets, 0);
        Mat logits = Mat.zeros(DataType.DOUBLE, 2, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListNetLoss.loss(kernels(logits), logits, targets, null, 1.0));
        assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ListNetLoss.lossAndGrad(kernels(logits), logits, targets, null, 1.0, Mat.zeros(DataType.DOUBLE, 2, 4)));
        assertThrows(IllegalArgumentException.class,
                () -> ListNetLoss.loss(kernels(Mat.zeros(DataType.DOUBLE, 3, 5)), Mat.zeros(DataType.DOUBLE, 3, 5), targets, null, 1.0));
        assertThrows(IllegalArgumentException.class,
                () -> ListNetLoss.loss(kernels(logits), logits, targets, new boolean[1], 1.0));
    }

    /** The loss kernel of a model stored like {@code logits}. */
    private static LossKernel kernels(Mat logits) {
        return Device.forType(logits.dataType()).kernels().loss();
    }
}
