package io.ordo.model.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ordo.model.device.Device;
import io.ordo.model.kernel.LossKernel;
import io.ordo.model.tensor.Mat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The float path (row softmax on heap tiles in double) against the double reference loop. */
class CrossEntropyTest {

    @Test
    void shouldAgreeInFloatWithTheDoubleReference() {
        for (int vocab : new int[] {3, 64, 5000}) { // 5000: one row per tile, rows longer than a default tile
            int n = 37;
            SplittableRandom rnd = new SplittableRandom(vocab);
            Mat d = Mat.zeros(DataType.DOUBLE, n, vocab);
            for (int i = 0; i < d.size(); i++) {
                d.setFlat(i, 8 * (rnd.nextDouble() - 0.5));
            }
            Mat f = Mat.zeros(DataType.FLOAT, n, vocab);
            f.copyFrom(d);
            d.copyFrom(f); // the same float-representable logits for both
            int[] targets = new int[n];
            boolean[] active = new boolean[n];
            for (int r = 0; r < n; r++) {
                targets[r] = rnd.nextInt(vocab);
                active[r] = r % 5 != 2;
            }
            Mat gd = Mat.zeros(DataType.DOUBLE, n, vocab);
            Mat gf = Mat.zeros(DataType.FLOAT, n, vocab);
            double ld = CrossEntropy.lossAndGrad(kernels(d), d, targets, active, 1.0 / n, gd);
            double lf = CrossEntropy.lossAndGrad(kernels(f), f, targets, active, 1.0 / n, gf);
            assertEquals(ld, lf, 1e-12, "loss, V=" + vocab);
            assertEquals(ld, CrossEntropy.lossAndGrad(kernels(f), f, targets, active, 1.0 / n, null), 1e-12, "loss alone, V=" + vocab);
            for (int i = 0; i < gd.size(); i++) {
                assertEquals(gd.getFlat(i), gf.getFlat(i), 1e-8, "grad " + i + ", V=" + vocab);
            }
        }
    }

    @Test
    void shouldRejectTargetsOutsideTheVocabularyInFloatToo() {
        Mat logits = Mat.zeros(DataType.FLOAT, 2, 4);
        assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.lossAndGrad(kernels(logits), logits, new int[] {0, 4}, null, 1.0, Mat.zeros(DataType.FLOAT, 2, 4)));
    }

    /** The loss kernel of a model stored like {@code logits}. */
    private static LossKernel kernels(Mat logits) {
        return Device.forType(logits.dataType()).kernels().loss();
    }
}
