package io.ordo.model.top;

import io.ordo.model.tensor.Mat;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/** Random inputs for the TOP tests. */
final class TopTestData {

    private TopTestData() {
    }

    static Mat randomLogits(DataType type, int n, int vocab, SplittableRandom rnd) {
        Mat m = Mat.zeros(type, n, vocab);
        for (int i = 0; i < m.size(); i++) {
            m.setFlat(i, 3.0 * (rnd.nextDouble() - 0.5));
        }
        return m;
    }

    static int[] randomSeq(int n, int vocab, SplittableRandom rnd) {
        int[] seq = new int[n];
        for (int i = 0; i < n; i++) {
            seq[i] = rnd.nextInt(vocab);
        }
        return seq;
    }
}
