package io.ordo.model.optim;

import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.kernel.AdamWStep;
import io.ordo.model.kernel.OptimizerKernel;
import io.ordo.model.tensor.Mat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AdamW over the flat parameter and gradient buffers of a {@link ParameterStore}, with the same
 * arithmetic as {@code torch.optim.AdamW} (single-tensor path), per element i at step t = step + 1:
 *
 * <pre>
 *   p *= 1 - lr * wd                       decoupled decay, matrices only ({@link OptimizerConfig#noDecay})
 *   m  = b1 * m + (1 - b1) * g
 *   v  = b2 * v + (1 - b2) * g^2
 *   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)     = lr * mhat / (sqrt(vhat) + eps)
 * </pre>
 *
 * <p>The moments m and v are flat buffers of the store's data type and of the same length as
 * {@code store.values()}, so checkpoints write them in one piece and sharded optimizers can slice
 * them by the same offsets as the parameters. The update runs in the store's {@link OptimizerKernel}.
 *
 * <p>{@link #step()} is allocation-free apart from its small result record. It does not zero the
 * gradients; the caller does, before the next backward pass.
 */
public final class AdamW {
    private final ParameterStore store;
    private final OptimizerConfig config;
    private final LrSchedule schedule;
    private final GradientClipper clipper;
    private final OptimizerKernel kernel;
    private final Mat m;
    private final Mat v;
    /** Contiguous element ranges sharing one decay flag (params merged): parameters, gradients, moments. */
    private final Mat[] segP;
    private final Mat[] segG;
    private final Mat[] segM;
    private final Mat[] segV;
    private final boolean[] segDecay;
    private long step;

    /** Creates zeroed moments for an allocated {@code store}. */
    public AdamW(ParameterStore store, OptimizerConfig config) {
        if (store.values() == null) {
            throw new IllegalStateException("AdamW needs an allocated ParameterStore (call allocate() first)");
        }
        this.store = store;
        this.config = config;
        this.schedule = new LrSchedule(config);
        this.clipper = new GradientClipper(config.gradClipNorm());
        this.kernel = store.kernels().optimizer();
        this.m = Mat.zeros(store.dataType(), 1, (int) store.values().length());
        this.v = Mat.zeros(store.dataType(), 1, (int) store.values().length());
        List<int[]> segs = decaySegments(store.params());
        int count = segs.size();
        this.segP = new Mat[count];
        this.segG = new Mat[count];
        this.segM = new Mat[count];
        this.segV = new Mat[count];
        this.segDecay = new boolean[count];
        for (int k = 0; k < count; k++) {
            int from = segs.get(k)[0];
            int len = segs.get(k)[1] - from;
            segP[k] = segment(store.valueMat(), from, len);
            segG[k] = segment(store.gradMat(), from, len);
            segM[k] = segment(m, from, len);
            segV[k] = segment(v, from, len);
            segDecay[k] = segs.get(k)[2] == 1;
        }
    }

    /** Elements [from, from + len) of a flat (1, n) matrix as a (1, len) matrix sharing its storage. */
    private static Mat segment(Mat flat, int from, int len) {
        return Mat.inside(flat.owner(), flat.buf(), flat.offset() + from, 1, len);
    }

    /** Cold path: per-parameter ranges in offset order, adjacent ranges with the same flag merged. */
    private static List<int[]> decaySegments(List<Param> params) {
        List<Param> sorted = new ArrayList<>(params);
        sorted.sort(Comparator.comparingInt(Param::offset));
        List<int[]> segs = new ArrayList<>();
        for (Param p : sorted) {
            int decay = OptimizerConfig.noDecay(p) ? 0 : 1;
            int[] last = segs.isEmpty() ? null : segs.get(segs.size() - 1);
            if (last != null && last[1] == p.offset() && last[2] == decay) {
                last[1] += p.size();
            } else {
                segs.add(new int[] {p.offset(), p.offset() + p.size(), decay});
            }
        }
        return segs;
    }

    /**
     * One update from the current gradients: global norm; if it is not finite, skip (no state
     * changes, step counter kept); otherwise clip, update at {@code lr(stepCount())}, advance.
     */
    public OptimizerUpdate step() {
        long s = step;
        double lr = schedule.lr(s);
        double norm = clipper.norm(store);
        if (!Double.isFinite(norm)) {
            return new OptimizerUpdate(s, lr, norm, true);
        }
        clipper.clip(store, norm);
        long t = s + 1;
        double b1 = config.beta1();
        double b2 = config.beta2();
        double stepSize = lr / (1.0 - Math.pow(b1, t));
        double invBc2Sqrt = 1.0 / Math.sqrt(1.0 - Math.pow(b2, t));
        AdamWStep decayed = new AdamWStep(1.0 - lr * config.weightDecay(), stepSize, invBc2Sqrt, b1, b2, config.eps());
        AdamWStep plain = new AdamWStep(1.0, stepSize, invBc2Sqrt, b1, b2, config.eps());
        for (int k = 0; k < segP.length; k++) {
            kernel.adamW(segP[k], segG[k], segM[k], segV[k], segDecay[k] ? decayed : plain);
        }
        step = t;
        return new OptimizerUpdate(s, lr, norm, false);
    }

    /** Number of updates applied so far (the next update uses bias-correction t = stepCount() + 1). */
    public long stepCount() {
        return step;
    }

    /** Sets the step counter when resuming; copy the moments into {@link #firstMoment()}/{@link #secondMoment()}. */
    public void restore(long stepCount) {
        if (stepCount < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + stepCount);
        }
        this.step = stepCount;
    }

    /** Flat first moment m, same length and type as {@code store.values()}; write with {@code assign}. */
    public INDArray firstMoment() {
        return m.owner();
    }

    /** Flat second moment v, same length and type as {@code store.values()}; write with {@code assign}. */
    public INDArray secondMoment() {
        return v.owner();
    }

    /** Learning rate the next {@link #step()} will use. */
    public double currentLr() {
        return schedule.lr(step);
    }

    public LrSchedule schedule() {
        return schedule;
    }

    public OptimizerConfig config() {
        return config;
    }
}
