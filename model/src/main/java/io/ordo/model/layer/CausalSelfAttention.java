package io.ordo.model.layer;

import io.ordo.model.kernel.AttentionKernel;
import io.ordo.model.kernel.MatmulKernel;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Mat;

/**
 * Causal multi-head self-attention over B sequences of T positions stacked as N = B*T rows.
 *
 * <p>One fused (D, 3D) projection gives q | k | v; each (batch, head) block is addressed in place
 * with a leading dimension of 3D, so no reshapes or copies happen. Per block, one after the
 * other so the (T, T) block stays in cache: S = q k^T / sqrt(hd), causal softmax, y = P v. The
 * probabilities P (B*H*T, T) are kept for backward. For long sequences the products run in causal
 * row panels that skip the blocks above the diagonal ({@link #PANELS}).
 */
public final class CausalSelfAttention {
    /**
     * Causal row panels: at most {@value #PANELS} per (T, T) block, of at least {@value #MIN_PANEL}
     * rows. Measured (one thread, OpenBLAS): T = 512 steps 10% faster with 8 panels, T = 128 (10m
     * config, 2 panels) ~2% (within noise); at T = 64 splitting gained nothing, as OpenBLAS runs the
     * smaller products slower, so T &lt; 128 keeps one panel.
     */
    static final int MIN_PANEL = 64;
    static final int PANELS = 8;

    private final MatmulKernel matmul;
    private final AttentionKernel softmax;
    private final Linear qkv;
    private final Linear proj;
    private final int dim;
    private final int heads;
    private final int headDim;
    private final double scale;
    private final int minPanel;
    private Mat qkvOut; // (N, 3D)
    private Mat probs;  // (B*H*T, T)
    private Mat merged; // (N, D) heads concatenated, input of proj
    private Mat dMerged;
    private Mat dQkv;
    private Mat dProbs; // (T, T) scratch
    private Mat stepQkv;    // (B, 3D) q | k | v of the new positions
    private Mat stepScores; // (1, capacity) one head's attention row
    private Mat stepMerged; // (B, D)

    public CausalSelfAttention(ParameterStore store, String name, int dim, int heads) {
        this(store, name, dim, heads, MIN_PANEL);
    }

    /** With causal row panels of at least {@code minPanel} rows (tests use small ones). */
    CausalSelfAttention(ParameterStore store, String name, int dim, int heads, int minPanel) {
        this.matmul = store.kernels().matmul();
        this.softmax = store.kernels().attention();
        this.minPanel = minPanel;
        this.qkv = new Linear(store, name + ".qkv", dim, 3 * dim, true);
        this.proj = new Linear(store, name + ".proj", dim, dim, true);
        this.dim = dim;
        this.heads = heads;
        this.headDim = dim / heads;
        this.scale = 1.0 / Math.sqrt(headDim);
    }

    /** x (B*T, D) -> y (B*T, D), overwritten. */
    public void forward(Mat x, int seqLen, Mat y) {
        int n = x.rows();
        int batch = n / seqLen;
        var type = x.dataType();
        qkvOut = Mat.reuse(qkvOut, type, n, 3 * dim);
        probs = Mat.reuse(probs, type, batch * heads * seqLen, seqLen);
        merged = Mat.reuse(merged, type, n, dim);
        qkv.forward(x, qkvOut);
        int ld = 3 * dim;
        int panel = panel(seqLen);
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                // Per (b, h) block, while it is in cache: S = q k^T * scale, P = causal softmax(S), y = P v.
                int rowBase = b * seqLen * ld;
                int pOff = (b * heads + h) * seqLen * seqLen;
                // Row panel [r0, r1) of S and y needs keys and values 0..r1 only (causal).
                for (int r0 = 0; r0 < seqLen; r0 += panel) {
                    int r1 = Math.min(seqLen, r0 + panel);
                    matmul.gemm(false, true, r1 - r0, r1, headDim, scale,
                            qkvOut, rowBase + r0 * ld + h * headDim, ld, qkvOut, rowBase + dim + h * headDim, ld,
                            0.0, probs, pOff + r0 * seqLen, seqLen);
                }
                softmax.causalSoftmax(probs, pOff, seqLen);
                for (int r0 = 0; r0 < seqLen; r0 += panel) {
                    int r1 = Math.min(seqLen, r0 + panel);
                    matmul.gemm(false, false, r1 - r0, headDim, r1, 1.0,
                            probs, pOff + r0 * seqLen, seqLen, qkvOut, rowBase + 2 * dim + h * headDim, ld,
                            0.0, merged, (b * seqLen + r0) * dim + h * headDim, dim);
                }
            }
        }
        proj.forward(merged, y);
    }

    /**
     * Rows per causal panel: the (T, T) products are cut into row panels so that the blocks above
     * the diagonal, which the mask zeroes, are never multiplied (2 panels skip 1/4 of the work,
     * 4 panels 3/8, 8 panels 7/16). One panel (no split) below 2 x minPanel rows.
     */
    private int panel(int seqLen) {
        return seqLen < 2 * minPanel ? seqLen : Math.max(minPanel, seqLen / PANELS);
    }

    /**
     * Incremental forward of one new position per sequence: x (B, D), the rows at position
     * p = cache.length() -> y (B, D). Appends their keys and values to the cache, then each (b, h)
     * attends with its one query over the cached positions 0..p. Keeps nothing for backward.
     */
    public void forwardStep(Mat x, KvCache.Layer cache, Mat y) {
        int batch = x.rows();
        int p = cache.length();
        int cap = cache.capacity();
        if (batch != cache.batch()) {
            throw new IllegalArgumentException("step has " + batch + " rows, KV cache holds " + cache.batch() + " sequences");
        }
        if (p >= cap) {
            throw new IllegalArgumentException("KV cache is full: position " + p + " is beyond seqLen " + cap);
        }
        var type = x.dataType();
        stepQkv = Mat.reuse(stepQkv, type, batch, 3 * dim);
        stepScores = Mat.reuse(stepScores, type, 1, cap);
        stepMerged = Mat.reuse(stepMerged, type, batch, dim);
        qkv.forward(x, stepQkv);
        Mat keys = cache.keys();
        Mat values = cache.values();
        int ld = 3 * dim;
        int len = p + 1;
        for (int b = 0; b < batch; b++) {
            int row = b * cap; // first cached row of sequence b
            for (int c = 0; c < dim; c++) {
                keys.set(row + p, c, stepQkv.get(b, dim + c));
                values.set(row + p, c, stepQkv.get(b, 2 * dim + c));
            }
            for (int h = 0; h < heads; h++) {
                // s (1, p+1) = q k^T * scale ; y_bh (1, hd) = softmax(s) v
                matmul.gemm(false, true, 1, len, headDim, scale, stepQkv, b * ld + h * headDim, ld,
                        keys, row * dim + h * headDim, dim, 0.0, stepScores, 0, cap);
                softmax.softmaxPrefix(stepScores, len);
                matmul.gemm(false, false, 1, headDim, len, 1.0, stepScores, 0, cap,
                        values, row * dim + h * headDim, dim, 0.0, stepMerged, b * dim + h * headDim, dim);
            }
        }
        cache.advance();
        proj.forward(stepMerged, y);
    }

    /** dy (B*T, D) -> dx (B*T, D), overwritten. */
    public void backward(Mat dy, int seqLen, Mat dx) {
        int n = dy.rows();
        int batch = n / seqLen;
        var type = dy.dataType();
        dMerged = Mat.reuse(dMerged, type, n, dim);
        dQkv = Mat.reuse(dQkv, type, n, 3 * dim);
        dProbs = Mat.reuse(dProbs, type, seqLen, seqLen);
        proj.backward(dy, dMerged);
        int ld = 3 * dim;
        int panel = panel(seqLen);
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int pOff = (b * heads + h) * seqLen * seqLen;
                int rowBase = b * seqLen * ld;
                int q = rowBase + h * headDim;
                int k = rowBase + dim + h * headDim;
                int v = rowBase + 2 * dim + h * headDim;
                int dyOff = b * seqLen * dim + h * headDim;
                // Row panel [r0, r1) of dP and dQ needs columns 0..r1 of P and dS; row panel
                // [r0, r1) of dV and dK needs rows r0..T (causal: P and dS are 0 above the diagonal).
                for (int r0 = 0; r0 < seqLen; r0 += panel) {
                    int r1 = Math.min(seqLen, r0 + panel);
                    // dP = dY v^T ; dV = P^T dY
                    matmul.gemm(false, true, r1 - r0, r1, headDim, 1.0, dMerged, dyOff + r0 * dim, dim, qkvOut, v, ld,
                            0.0, dProbs, r0 * seqLen, seqLen);
                    matmul.gemm(true, false, r1 - r0, headDim, seqLen - r0, 1.0, probs, pOff + r0 * seqLen + r0, seqLen,
                            dMerged, dyOff + r0 * dim, dim, 0.0, dQkv, v + r0 * ld, ld);
                }
                softmax.causalSoftmaxBackward(probs, pOff, dProbs, seqLen);
                for (int r0 = 0; r0 < seqLen; r0 += panel) {
                    int r1 = Math.min(seqLen, r0 + panel);
                    // dQ = dS k * scale ; dK = dS^T q * scale
                    matmul.gemm(false, false, r1 - r0, headDim, r1, scale, dProbs, r0 * seqLen, seqLen, qkvOut, k, ld,
                            0.0, dQkv, q + r0 * ld, ld);
                    matmul.gemm(true, false, r1 - r0, headDim, seqLen - r0, scale, dProbs, r0 * seqLen + r0, seqLen,
                            qkvOut, q + r0 * ld, ld, 0.0, dQkv, k + r0 * ld, ld);
                }
            }
        }
        qkv.backward(dQkv, dx);
    }
}
