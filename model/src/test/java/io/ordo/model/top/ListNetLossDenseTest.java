package io.ordo.model.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Sparse TOP targets + {@link ListNetLoss} against the dense {@link DenseTopReference}. */
class ListNetLossDenseTest {

    @Test
    void shouldMatchDenseReferenceOnRandomSequences() {
        int cases = 0;
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int vocab : new int[] {8, 50, 300}) {
                for (int n : new int[] {1, 7, 64}) {
                    for (int window : new int[] {1, 4, 16, 64}) {
                        for (int k : window < 32 ? new int[] {32, window} : new int[] {32}) {
                            for (TopWindow convention : TopWindow.values()) {
                                int[] seq = TopTestData.randomSeq(n, vocab, rnd);
                                boolean[] mask = seed == 3 ? randomMask(n, rnd) : null;
                                String label = "seed=" + seed + " V=" + vocab + " T=" + n + " W=" + window
                                        + " K=" + k + " " + convention;
                                compare(seq, vocab, window, k, convention, mask, 1.0 / n, rnd, 1e-6, label);
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(3 * 3 * 3 * (3 * 2 + 1) * 2, cases);
    }

    @Test
    void shouldStayWithin1e6OfDenseWithK16() {
        SplittableRandom rnd = new SplittableRandom(42);
        int vocab = 400;
        int n = 300;
        int[] seq = new int[n];
        for (int i = 0; i < n; i++) {
            seq[i] = i; // all distinct: every row has W candidates, the truncation is as large as it gets
        }
        double err = compare(seq, vocab, 256, 16, TopWindow.INCLUSIVE, null, 1.0 / n, rnd, 1e-6, "K=16");
        assertTrue(err > 1e-13, "K=16 should differ from dense (else the truncation is not exercised): " + err);
    }

    /** Sparse loss and gradient against {@link DenseTopReference}; returns the loss difference. */
    private static double compare(int[] seq, int vocab, int window, int k, TopWindow convention,
                                  boolean[] mask, double scale, SplittableRandom rnd, double tol, String label) {
        int n = seq.length;
        TopTargets targets = new TopTargets(n, k);
        new TopTargetBuilder(window, k, convention).build(seq, 0, n, n, targets, 0);
        Mat logits = TopTestData.randomLogits(DataType.DOUBLE, n, vocab, rnd);
        Mat grad = Mat.zeros(DataType.DOUBLE, n, vocab);
        grad.fill(7.0); // must be overwritten, not accumulated
        double sparse = ListNetLoss.lossAndGrad(kernels(logits), logits, targets, mask, scale, grad);

        double[][] z = toArray(logits);
        double[][] denseGrad = new double[n][vocab];
        double dense = DenseTopReference.lossAndGrad(z, DenseTopReference.scores(seq, vocab, window, convention),
                mask, scale, denseGrad);
        assertEquals(dense, sparse, tol, "loss " + label);
        assertEquals(dense, ListNetLoss.loss(kernels(logits), logits, targets, mask, scale), tol, "loss without grad " + label);
        for (int t = 0; t < n; t++) {
            for (int v = 0; v < vocab; v++) {
                assertEquals(denseGrad[t][v], grad.get(t, v), tol, "grad[" + t + "][" + v + "] " + label);
            }
        }
        return Math.abs(dense - sparse);
    }

    private static double[][] toArray(Mat m) {
        double[][] a = new double[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                a[r][c] = m.get(r, c);
            }
        }
        return a;
    }

    private static boolean[] randomMask(int n, SplittableRandom rnd) {
        boolean[] mask = new boolean[n];
        for (int i = 0; i < n; i++) {
            mask[i] = rnd.nextInt(4) != 0;
        }
        return mask;
    }

    /** The loss kernel of a model stored like {@code logits}. */
    private static LossKernel kernels(Mat logits) {
        return Device.forType(logits.dataType()).kernels().loss();
    }
}
