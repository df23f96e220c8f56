package io.ordo.model.optim;

import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Buf;
import io.ordo.model.tensor.FloatKernels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 * them by the same offsets as the parameters. Computation is in double; storage in the store's type.
 *
 * <p>{@link #step()} is allocation-free apart from its small result record. It does not zero the
 * gradients; the caller does, before the next backward pass.
 */
public final class AdamW {
    private final ParameterStore store;
    private final OptimizerConfig config;
    private final LrSchedule schedule;
    private final GradientClipper clipper;
    private final INDArray m;
    private final INDArray v;
    private final Buf mBuf;
    private final Buf vBuf;
    /** Contiguous element ranges [segFrom[k], segTo[k]) sharing one decay flag (params merged). */
    private final int[] segFrom;
    private final int[] segTo;
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
        this.m = Nd4j.create(store.dataType(), store.values().length());
        this.v = Nd4j.create(store.dataType(), store.values().length());
        this.mBuf = Buf.of(m);
        this.vBuf = Buf.of(v);
        List<int[]> segs = decaySegments(store.params());
        this.segFrom = new int[segs.size()];
        this.segTo = new int[segs.size()];
        this.segDecay = new boolean[segs.size()];
        for (int k = 0; k < segs.size(); k++) {
            segFrom[k] = segs.get(k)[0];
            segTo[k] = segs.get(k)[1];
            segDecay[k] = segs.get(k)[2] == 1;
        }
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
    public StepResult step() {
        long s = step;
        double lr = schedule.lr(s);
        double norm = clipper.norm(store);
        if (!Double.isFinite(norm)) {
            return new StepResult(s, lr, norm, true);
        }
        clipper.clip(store, norm);
        long t = s + 1;
        double b1 = config.beta1();
        double b2 = config.beta2();
        double stepSize = lr / (1.0 - Math.pow(b1, t));
        double invBc2Sqrt = 1.0 / Math.sqrt(1.0 - Math.pow(b2, t));
        double decayMul = 1.0 - lr * config.weightDecay();
        for (int k = 0; k < segFrom.length; k++) {
            update(segFrom[k], segTo[k], segDecay[k] ? decayMul : 1.0, stepSize, invBc2Sqrt, b1, b2);
        }
        step = t;
        return new StepResult(s, lr, norm, false);
    }

    /** The fused per-element update over [from, to). */
    private void update(int from, int to, double decayMul, double stepSize, double invBc2Sqrt, double b1, double b2) {
        if (store.valueBuf() instanceof Buf.F32) {
            updateFloat(from, to, (float) decayMul, (float) stepSize, (float) invBc2Sqrt, (float) b1, (float) b2);
            return;
        }
        Buf p = store.valueBuf();
        Buf g = store.gradBuf();
        double eps = config.eps();
        for (int i = from; i < to; i++) {
            double gi = g.get(i);
            double mi = b1 * mBuf.get(i) + (1.0 - b1) * gi;
            double vi = b2 * vBuf.get(i) + (1.0 - b2) * gi * gi;
            mBuf.set(i, mi);
            vBuf.set(i, vi);
            p.set(i, p.get(i) * decayMul - stepSize * mi / (Math.sqrt(vi) * invBc2Sqrt + eps));
        }
    }

    /**
     * The same update in float arithmetic for float storage (the double round trip costs ~10x per
     * element); {@code AdamWTest} checks it against the double path.
     */
    private void updateFloat(int from, int to, float decayMul, float stepSize, float invBc2Sqrt, float b1, float b2) {
        FloatKernels.adamW((Buf.F32) store.valueBuf(), (Buf.F32) store.gradBuf(), (Buf.F32) mBuf, (Buf.F32) vBuf,
                from, to, decayMul, stepSize, invBc2Sqrt, b1, b2, (float) config.eps());
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
        return m;
    }

    /** Flat second moment v, same length and type as {@code store.values()}; write with {@code assign}. */
    public INDArray secondMoment() {
        return v;
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
