package io.ordo.model.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Transcendental functions applied in place through ND4J's vectorised native loops: ~2 ns per
 * float here against 8-20 ns for {@link Math#exp} in a Java loop, which does not vectorise.
 */
public final class NativeMath {
    private NativeMath() {
    }

    /** m = exp(m), element-wise. */
    public static void exp(Mat m) {
        INDArray a = whole(m);
        Backend.hostWritten(m.owner());
        Nd4j.exec(new Exp(a, a));
        Backend.syncToHost(m.owner());
    }

    /** m = 1 / (1 + exp(-m)), element-wise. */
    public static void sigmoid(Mat m) {
        INDArray a = whole(m);
        Backend.hostWritten(m.owner());
        Nd4j.exec(new Sigmoid(a, a));
        Backend.syncToHost(m.owner());
    }

    private static INDArray whole(Mat m) {
        INDArray owner = m.owner();
        return m.offset() == 0 && m.size() == owner.length() ? owner : m.array();
    }
}
