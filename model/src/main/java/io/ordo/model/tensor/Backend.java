package io.ordo.model.tensor;

import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend runs, and the host/device bookkeeping a non-CPU one needs.
 *
 * <p>Ordo's kernels ({@code io.ordo.model.kernel}, through {@link Buf}) read and write the arrays' host
 * memory directly. On the CPU backend that is the only copy. On CUDA, ND4J keeps a device copy
 * and tracks which side is current; raw host writes bypass that tracking. So around every ND4J op
 * on a non-CPU backend the inputs are tagged host-current (ND4J uploads them) and the output is
 * synced back to the host (the next Java kernel reads it there). On the CPU backend both hooks
 * are no-ops.
 */
public final class Backend {
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();

    private Backend() {
    }

    /** True on ND4J's CPU backend (nd4j-native), where OpenBLAS is linked and memory is host memory. */
    public static boolean isCpu() {
        return CPU;
    }

    /** The backend's name for log lines, e.g. {@code CpuBackend} or {@code JCublasBackend}. */
    public static String name() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    /** Before an ND4J op: the host copies of these arrays are the current ones (written by Java kernels). */
    static void hostWritten(INDArray... arrays) {
        if (CPU) {
            return;
        }
        AffinityManager affinity = Nd4j.getAffinityManager();
        for (INDArray a : arrays) {
            affinity.tagLocation(a, AffinityManager.Location.HOST);
        }
    }

    /** After an ND4J op that wrote {@code out}: bring its result back to host memory for the Java kernels. */
    static void syncToHost(INDArray out) {
        if (!CPU) {
            Nd4j.getAffinityManager().ensureLocation(out, AffinityManager.Location.HOST);
        }
    }
}
