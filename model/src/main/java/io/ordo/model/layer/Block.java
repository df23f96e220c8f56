package io.ordo.model.layer;

import io.ordo.model.kernel.ElementwiseKernel;
import io.ordo.model.param.GradientReadiness;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;

/** Pre-LN transformer block: h = x + drop(attn(ln1(x))); y = h + drop(mlp(ln2(h))). */
public final class Block {
    private final ElementwiseKernel add;
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

    /**
     * @param dim         model width D
     * @param heads       attention heads
     * @param mlpHidden   MLP hidden width
     * @param dropout     dropout probability of both residual branches
     * @param dropoutSeed seed of the attention branch's dropout (the MLP branch's is seed + 1)
     */
    public Block(ParameterStore store, String name, int dim, int heads, int mlpHidden, double dropout, long dropoutSeed) {
        this.add = store.kernels().elementwise();
        bounds[0] = store.size();
        this.ln1 = new LayerNorm(store, name + ".ln1", dim);
        bounds[1] = store.size();
        this.attn = new CausalSelfAttention(store, name + ".attn", dim, heads);
        bounds[2] = store.size();
        this.ln2 = new LayerNorm(store, name + ".ln2", dim);
        bounds[3] = store.size();
        this.mlp = new Mlp(store, name + ".mlp", dim, mlpHidden);
        bounds[4] = store.size();
        this.attnDrop = new Dropout(dropout, dropoutSeed);
        this.mlpDrop = new Dropout(dropout, dropoutSeed + 1);
    }

    /** x (B*T, D) -> y (B*T, D); y may not alias x. Dropout on both branches when training. */
    public void forward(Mat x, int seqLen, Mat y, boolean training) {
        this.seqLen = seqLen;
        reuseActivations(x);
        ln1.forward(x, norm1);
        attn.forward(norm1, seqLen, branch);
        attnDrop.forward(branch, training);
        add.add(x, branch, mid);
        ln2.forward(mid, norm2);
        mlp.forward(norm2, branch);
        mlpDrop.forward(branch, training);
        add.add(mid, branch, y);
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
        add.add(x, branch, mid);
        ln2.forward(mid, norm2);
        mlp.forward(norm2, branch);
        add.add(mid, branch, y);
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
        // dMid = dy + ln2'(mlp'(drop'(dy))), built in dx (the residual add fused into ln2's backward)
        mlp.backward(masked(mlpDrop, dy), dNorm);
        readiness.ready(bounds[3], bounds[4]);
        dx.copyFrom(dy);
        ln2.backward(dNorm, dx, true);
        readiness.ready(bounds[2], bounds[3]);
        // dx = dMid + ln1'(attn'(drop'(dMid)))
        attn.backward(masked(attnDrop, dx), seqLen, dNorm);
        readiness.ready(bounds[1], bounds[2]);
        ln1.backward(dNorm, dx, true);
        readiness.ready(bounds[0], bounds[1]);
    }

    /** The gradient through {@code drop}'s last mask: g itself when it applied none, else a masked copy in dBranch. */
    private Mat masked(Dropout drop, Mat g) {
        if (!drop.masked()) {
            return g;
        }
        dBranch.copyFrom(g);
        drop.backward(dBranch);
        return dBranch;
    }
}
