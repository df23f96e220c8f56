package io.ordo.model.layer;

import io.ordo.model.ModelConfig;
import io.ordo.model.param.GradientReadiness;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Kernels;
import io.ordo.model.tensor.Mat;

/** Pre-LN transformer block: h = x + drop(attn(ln1(x))); y = h + drop(mlp(ln2(h))). */
public final class Block {
    private final LayerNorm ln1;
    private final CausalSelfAttention attn;
    private final LayerNorm ln2;
    private final Mlp mlp;
    private final Dropout attnDrop;
    private final Dropout mlpDrop;
    /**
     * Where the sub-layers' parameters lie in the flat store, in registration order: ln1 from
     * {@code bounds[0]}, attention from [1], ln2 from [2], MLP from [3] to [4].
     */
    private final int[] bounds = new int[5];
    private Mat norm1;  // (N, D) ln1(x)
    private Mat branch; // (N, D) attention or MLP output
    private Mat mid;    // (N, D) h
    private Mat norm2;  // (N, D) ln2(h)
    private Mat dBranch;
    private Mat dNorm;
    private int seqLen;
    private boolean dropoutUsed;

    public Block(ParameterStore store, String name, ModelConfig c, long dropoutSeed) {
        bounds[0] = store.size();
        this.ln1 = new LayerNorm(store, name + ".ln1", c.dModel());
        bounds[1] = store.size();
        this.attn = new CausalSelfAttention(store, name + ".attn", c.dModel(), c.nHeads());
        bounds[2] = store.size();
        this.ln2 = new LayerNorm(store, name + ".ln2", c.dModel());
        bounds[3] = store.size();
        this.mlp = new Mlp(store, name + ".mlp", c.dModel(), c.mlpHidden());
        bounds[4] = store.size();
        this.attnDrop = new Dropout(c.dropout(), dropoutSeed);
        this.mlpDrop = new Dropout(c.dropout(), dropoutSeed + 1);
    }

    /** x (B*T, D) -> y (B*T, D); y may not alias x. */
    public void forward(Mat x, int seqLen, Mat y, boolean training) {
        this.seqLen = seqLen;
        reuseActivations(x);
        ln1.forward(x, norm1);
        dropoutUsed = attnDrop.applies(training);
        if (!dropoutUsed) {
            // Residual adds fused into the output projections (gemm with beta = 1).
            mid.copyFrom(x);
            attn.forward(norm1, seqLen, mid, true);
            ln2.forward(mid, norm2);
            y.copyFrom(mid);
            mlp.forward(norm2, y, true);
            return;
        }
        attn.forward(norm1, seqLen, branch);
        attnDrop.forward(branch, training);
        Kernels.add(x, branch, mid);
        ln2.forward(mid, norm2);
        mlp.forward(norm2, branch);
        mlpDrop.forward(branch, training);
        Kernels.add(mid, branch, y);
    }

    /**
     * Incremental inference: x (B, D), one new position per sequence -> y (B, D); the attention
     * reads and extends {@code cache}. No dropout. Overwrites the training activations (rerun
     * forward before backward). y may not alias x.
     */
    public void forwardStep(Mat x, KvCache.Layer cache, Mat y) {
        reuseActivations(x);
        ln1.forward(x, norm1);
        attn.forwardStep(norm1, cache, branch);
        Kernels.add(x, branch, mid);
        ln2.forward(mid, norm2);
        mlp.forward(norm2, branch);
        Kernels.add(mid, branch, y);
    }

    /** Sizes the (N, D) forward activations like {@code x}, reusing them when they already fit. */
    private void reuseActivations(Mat x) {
        var type = x.dataType();
        int n = x.rows();
        int d = x.cols();
        norm1 = Mat.reuse(norm1, type, n, d);
        branch = Mat.reuse(branch, type, n, d);
        mid = Mat.reuse(mid, type, n, d);
        norm2 = Mat.reuse(norm2, type, n, d);
    }

    /** Dropout generator states in {@code into[at]} (attention branch) and {@code into[at + 1]} (MLP branch). */
    public void saveDropoutRng(long[] into, int at) {
        into[at] = attnDrop.rngState();
        into[at + 1] = mlpDrop.rngState();
    }

    /** Restores what {@link #saveDropoutRng} saved. */
    public void restoreDropoutRng(long[] from, int at) {
        attnDrop.restoreRngState(from[at]);
        mlpDrop.restoreRngState(from[at + 1]);
    }

    /** dy (B*T, D) -> dx (B*T, D), overwritten; dy is left unchanged. dx may not alias dy. */
    public void backward(Mat dy, Mat dx) {
        backward(dy, dx, GradientReadiness.NONE);
    }

    /**
     * As {@link #backward(Mat, Mat)}, telling {@code readiness} each sub-layer's parameter range as
     * soon as its gradient is final (MLP, ln2, attention, ln1: the flat layout from the top down).
     */
    public void backward(Mat dy, Mat dx, GradientReadiness readiness) {
        var type = dy.dataType();
        int n = dy.rows();
        int d = dy.cols();
        dBranch = Mat.reuse(dBranch, type, n, d);
        dNorm = Mat.reuse(dNorm, type, n, d);
        if (!dropoutUsed) {
            // dMid = dy + ln2'(mlp'(dy)) built in dx; then dx += ln1'(attn'(dMid)).
            mlp.backward(dy, dNorm);
            readiness.ready(bounds[3], bounds[4]);
            dx.copyFrom(dy);
            ln2.backward(dNorm, dx, true);
            readiness.ready(bounds[2], bounds[3]);
            attn.backward(dx, seqLen, dNorm);
            readiness.ready(bounds[1], bounds[2]);
            ln1.backward(dNorm, dx, true);
            readiness.ready(bounds[0], bounds[1]);
            return;
        }
        dBranch.copyFrom(dy);
        mlpDrop.backward(dBranch);
        mlp.backward(dBranch, dNorm);
        readiness.ready(bounds[3], bounds[4]);
        ln2.backward(dNorm, dx);
        readiness.ready(bounds[2], bounds[3]);
        Kernels.addInPlace(dx, dy);
        dBranch.copyFrom(dx);
        attnDrop.backward(dBranch);
        attn.backward(dBranch, seqLen, dNorm);
        readiness.ready(bounds[1], bounds[2]);
        ln1.backward(dNorm, dBranch);
        readiness.ready(bounds[0], bounds[1]);
        Kernels.addInPlace(dx, dBranch);
    }
}
