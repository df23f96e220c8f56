package io.ordo.model;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.layer.Block;
import io.ordo.model.layer.Embedding;
import io.ordo.model.layer.KvCache;
import io.ordo.model.layer.LayerNorm;
import io.ordo.model.layer.Unembedding;
import io.ordo.model.loss.CrossEntropy;
import io.ordo.model.param.GradientReadiness;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.kernel.ElementwiseKernel;
import io.ordo.model.tensor.Mat;
import io.ordo.model.top.ListNetLoss;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A GPT-style causal transformer with its training heads, forward and backward written out.
 *
 * <pre>
 * ids (B, T) -> embed (tokens + positions) -> L pre-LN blocks -> trunk (N = B*T, D)
 *   NTP: lnF -> unembed -> CE on token t+1
 *   TOP: lnF -> TOP head (own linear) -> ListNet on sparse proximity targets   [shares lnF output]
 *   MTP-n: for i = 2..n, one at a time: block_i(trunk) -> lnF -> unembed -> CE on token t+i
 * </pre>
 *
 * Every term is a mean over its target tokens (per the batch's target mask), or, for data-parallel
 * replicas, this batch's share of the mean over the global batch's; the gradient is of their sum.
 * Heads run one at a time, so peak memory holds one (N, V) logits buffer.
 *
 * <p>Flat parameter layout (registration order): embeddings (tokens, positions), blocks 0..L-1,
 * final norm, lm_head (its bias only when tied), TOP head, MTP head blocks. Backward finishes them
 * roughly from the end: {@link #forwardBackward(TokenBatch, long[], GradientReadiness)} reports
 * each range as soon as its gradient is final, so a data-parallel exchange can overlap with it.
 *
 * <p>Inference: {@link #logits} runs the same forward (no dropout) to NTP logits for every
 * position; {@link #forwardStep} decodes one position per sequence against a {@link KvCache}.
 */
public final class Gpt {
    private final ModelConfig config;
    private final Objective objective;
    private final ParameterStore params;
    private final ElementwiseKernel add;
    private final Embedding embedding;
    private final Block[] blocks;
    private final LayerNorm finalNorm;
    private final Unembedding lmHead;
    private final Unembedding topHead;
    private final Block[] mtpBlocks;
    /** Flat parameter ranges: embeddings [0, embedEnd), final norm + lm_head [headsStart, headsEnd), TOP head [headsEnd, topEnd). */
    private final int embedEnd;
    private final int headsStart;
    private final int headsEnd;
    private final int topEnd;
    private final StepInputs inputs = new StepInputs();
    private Mat[] acts;     // acts[i] = input of block i, acts[L] = trunk output
    private Mat normed;     // (N, D) lnF output
    private Mat logits;     // (N, V)
    private Mat dLogits;    // (N, V)
    private Mat dNormed;    // (N, D)
    private Mat dScratch;   // (N, D)
    private Mat dTrunk;     // (N, D)
    private Mat headOut;    // (N, D) MTP head block output
    private Mat dHead;      // (N, D)
    private Mat stepIn;     // (B, D) decode step: embedding, then block outputs ping-pong
    private Mat stepOut;    // (B, D)

    /** A model stored in {@code dataType}, which also picks its kernels ({@code Device.forType}): FLOAT trains, DOUBLE is the reference. */
    public Gpt(ModelConfig config, Objective objective, DataType dataType) {
        this.config = config;
        this.objective = objective;
        this.params = new ParameterStore(dataType);
        this.add = params.kernels().elementwise();
        this.embedding = new Embedding(params, config.vocabSize(), config.seqLen(), config.dModel());
        this.embedEnd = params.size();
        this.blocks = new Block[config.nLayers()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = block("blocks." + i, config.seed() + 1000L * (i + 1));
        }
        this.headsStart = params.size();
        this.finalNorm = new LayerNorm(params, "final_norm", config.dModel());
        this.lmHead = config.tieEmbeddings()
                ? Unembedding.tiedTo(embedding.tokenTable(), params, "lm_head")
                : Unembedding.untied(params, "lm_head", config.dModel(), config.vocabSize());
        this.headsEnd = params.size();
        this.topHead = objective.kind() == Objective.Kind.TOP
                ? Unembedding.untied(params, "top_head", config.dModel(), config.vocabSize()) : null;
        this.topEnd = params.size();
        this.mtpBlocks = new Block[objective.mtpTokens() - 1];
        for (int i = 0; i < mtpBlocks.length; i++) {
            mtpBlocks[i] = block("mtp." + (i + 2), config.seed() + 7919L * (i + 2));
        }
        params.allocate(config.seed());
    }

    private Block block(String name, long dropoutSeed) {
        return new Block(params, name, config.dModel(), config.nHeads(), config.mlpHidden(), config.dropout(), dropoutSeed);
    }

    /**
     * Per loss term, how many target tokens {@code batch} has: index i - 1 counts the targets at
     * offset i (token t + i), i = 1 .. mtpTokens; NTP and TOP use offset 1. What
     * {@link #forwardBackward(TokenBatch, long[])} normalises by, summed over data-parallel replicas.
     */
    public long[] targetCounts(TokenBatch batch) {
        inputs.load(batch, objective);
        long[] counts = new long[objective.mtpTokens()];
        for (int i = 1; i <= counts.length; i++) {
            counts[i - 1] = inputs.activeCount(i);
        }
        return counts;
    }

    /** Zeroes the gradients, then forward and backward on one batch; gradients land in {@link #params()}. */
    public Losses forwardBackward(TokenBatch batch) {
        return forwardBackward(batch, targetCounts(batch));
    }

    /**
     * {@link #forwardBackward(TokenBatch)} with every term normalised by {@code globalCounts} (as
     * {@link #targetCounts}, over the whole global batch) instead of this batch's own counts: the
     * losses and gradients are this batch's share of the global batch's per-token means, and the
     * shares of the batch's parts add up to them.
     */
    public Losses forwardBackward(TokenBatch batch, long[] globalCounts) {
        return forwardBackward(batch, globalCounts, GradientReadiness.NONE);
    }

    /**
     * {@link #forwardBackward(TokenBatch, long[])} that tells {@code readiness}, on this thread and
     * while backward runs, each range of the flat gradient as soon as it is final (every element
     * once; see {@link GradientReadiness}): TOP head, each MTP head block, final norm and lm_head,
     * then the blocks from the last to the first, a sub-layer at a time, and the embeddings last.
     * Zeroing the gradients comes before the first report. When this throws, the ranges reported so
     * far are all that were.
     */
    public Losses forwardBackward(TokenBatch batch, long[] globalCounts, GradientReadiness readiness) {
        params.zeroGrads();
        return run(batch, true, globalCounts, readiness);
    }

    /** Forward only (no dropout), for evaluation. */
    public Losses loss(TokenBatch batch) {
        return run(batch, false, targetCounts(batch), GradientReadiness.NONE);
    }

    /**
     * @param counts    target tokens per offset that each term is normalised by (see {@link #targetCounts})
     * @param readiness told of each final gradient range (training only)
     */
    private Losses run(TokenBatch batch, boolean train, long[] counts, GradientReadiness readiness) {
        inputs.load(batch, objective);
        checkCounts(counts);
        int n = inputs.rows();
        int t = batch.seqLen();
        int d = config.dModel();
        int v = config.vocabSize();
        allocate(n, d, v);

        Mat trunk = trunk(inputs.ids(), t, train);
        Mat dOut = train ? dTrunk : null;

        double ntp = headLoss(trunk, null, 1, scale(counts, 1), train, dOut, false, readiness);
        double top = 0;
        if (topHead != null) {
            // TOP shares lnF's output with NTP: its head is evaluated before lnF's backward.
            topHead.forward(normed, logits);
            double topScale = scale(counts, 1);
            top = train
                    ? ListNetLoss.lossAndGrad(params.kernels().loss(), logits, batch.top(), inputs.active(1), topScale, dLogits)
                    : ListNetLoss.loss(params.kernels().loss(), logits, batch.top(), inputs.active(1), topScale);
            if (train) {
                topHead.backward(dLogits, dScratch);
                readiness.ready(headsEnd, topEnd);
                add.add(dNormed, dScratch, dNormed);
            }
        }
        if (train) {
            finalNorm.backward(dNormed, dTrunk);
        }
        double mtp = 0;
        for (int i = 0; i < mtpBlocks.length; i++) {
            mtp += headLoss(trunk, mtpBlocks[i], i + 2, scale(counts, i + 2), train, dOut, true, readiness);
        }
        if (train) {
            // every head has run its lm_head and final norm backward
            readiness.ready(headsStart, headsEnd);
            for (int i = blocks.length - 1; i >= 0; i--) {
                blocks[i].backward(dTrunk, dScratch, readiness);
                Mat swap = dTrunk;
                dTrunk = dScratch;
                dScratch = swap;
            }
            embedding.backward(dTrunk);
            readiness.ready(0, embedEnd);
        }
        return new Losses(ntp, top, mtp, ntp + top + mtp);
    }

    /** Normalisation counts must cover every head and at least this batch's own targets. */
    private void checkCounts(long[] counts) {
        if (counts.length != objective.mtpTokens()) {
            throw new IllegalArgumentException("objective " + objective + " needs " + objective.mtpTokens()
                    + " target counts, got " + counts.length);
        }
        for (int i = 1; i <= counts.length; i++) {
            if (counts[i - 1] < inputs.activeCount(i)) {
                throw new IllegalArgumentException("count " + counts[i - 1] + " at offset " + i
                        + " is below the batch's own " + inputs.activeCount(i) + " targets");
            }
        }
    }

    /** 1 / the count of targets at {@code offset} (1 when there are none: the term is then 0). */
    private static double scale(long[] counts, int offset) {
        return 1.0 / Math.max(1, counts[offset - 1]);
    }

    /** ids (N = B*T) -> trunk output (N, D) = acts[L]; acts must be allocated for N rows. */
    private Mat trunk(int[] ids, int seqLen, boolean train) {
        embedding.forward(ids, seqLen, acts[0]);
        for (int i = 0; i < blocks.length; i++) {
            blocks[i].forward(acts[i], seqLen, acts[i + 1], train);
        }
        return acts[blocks.length];
    }

    /**
     * Full forward without dropout to NTP logits: ids (B*T, row-major by sequence) -> (B*T, V).
     * Returns an internal buffer, overwritten by the next forward.
     */
    public Mat logits(int[] ids, int rows, int seqLen) {
        if (rows <= 0 || seqLen <= 0 || ids.length != rows * seqLen) {
            throw new IllegalArgumentException("need rows * seqLen = ids.length with both > 0; got "
                    + rows + " * " + seqLen + " vs " + ids.length);
        }
        allocate(ids.length, config.dModel(), config.vocabSize());
        finalNorm.forward(trunk(ids, seqLen, false), normed);
        lmHead.forward(normed, logits);
        return logits;
    }

    /**
     * Full forward without dropout, then for each of {@code offsets} one head's logits at every
     * position, as new (rows * seqLen, V) matrices: offset 1 is the NTP head (token t + 1), 2..n the
     * MTP head predicting token t + offset, and 0 the TOP head's proximity scores (higher = sooner).
     * Self-speculative decoding drafts from the extra heads.
     */
    public Mat[] headLogits(int[] ids, int rows, int seqLen, int... offsets) {
        for (int off : offsets) {
            if (off == 0 ? topHead == null : off < 1 || off > mtpBlocks.length + 1) {
                throw new IllegalArgumentException("objective " + objective + " has no head for offset " + off
                        + " (0 = TOP, 1 = NTP, 2.." + (mtpBlocks.length + 1) + " = MTP)");
            }
        }
        logits(ids, rows, seqLen);
        Mat trunk = acts[blocks.length];
        Mat[] out = new Mat[offsets.length];
        for (int k = 0; k < offsets.length; k++) {
            int off = offsets[k];
            Mat h = trunk;
            if (off >= 2) {
                mtpBlocks[off - 2].forward(trunk, seqLen, headOut, false);
                h = headOut;
            }
            finalNorm.forward(h, normed);
            (off == 0 ? topHead : lmHead).forward(normed, logits);
            out[k] = Mat.zeros(params.dataType(), logits.rows(), logits.cols());
            out[k].copyFrom(logits);
        }
        return out;
    }

    /** An empty KV cache for {@code batch} sequences of up to seqLen positions. */
    public KvCache newKvCache(int batch) {
        return new KvCache(blocks.length, batch, config.seqLen(), config.dModel(), params.dataType());
    }

    /**
     * One decode step: ids (B), the tokens at position p = cache.length() of each sequence ->
     * NTP logits (B, V) for position p + 1, written into {@code out}. Extends the cache by one
     * position. Overwrites the training activations of the layers.
     */
    public void forwardStep(int[] ids, KvCache cache, Mat out) {
        int b = cache.batch();
        if (cache.layers() != blocks.length || cache.capacity() != config.seqLen()) {
            throw new IllegalArgumentException("KV cache of " + cache.layers() + " layers x " + cache.capacity()
                    + " positions does not fit this model (" + blocks.length + " layers, seqLen " + config.seqLen() + ")");
        }
        if (ids.length != b || out.rows() != b || out.cols() != config.vocabSize() || out.dataType() != params.dataType()) {
            throw new IllegalArgumentException("step for " + b + " sequences needs " + b + " ids and (" + b + ", "
                    + config.vocabSize() + ") " + params.dataType() + " logits; got " + ids.length + " ids and " + out);
        }
        if (cache.length() >= config.seqLen()) {
            throw new IllegalArgumentException("position " + cache.length() + " is beyond seqLen " + config.seqLen());
        }
        stepIn = Mat.reuse(stepIn, params.dataType(), b, config.dModel());
        stepOut = Mat.reuse(stepOut, params.dataType(), b, config.dModel());
        embedding.forwardAt(ids, cache.length(), stepIn);
        for (int i = 0; i < blocks.length; i++) {
            blocks[i].forwardStep(stepIn, cache.layer(i), stepOut);
            Mat swap = stepIn;
            stepIn = stepOut;
            stepOut = swap;
        }
        finalNorm.forward(stepIn, stepOut);
        lmHead.forward(stepOut, out);
    }

    /**
     * Cross-entropy of the head predicting token t + offset. With {@code block} null this is the NTP
     * path and lnF's gradient is left in dNormed (TOP adds to it); otherwise the head runs its block,
     * lnF and the unembedding forward and backward and adds its gradient into dTrunk, telling
     * {@code readiness} of the block's parameters (no other head uses them).
     */
    private double headLoss(Mat trunk, Block block, int offset, double scale, boolean train, Mat dTrunkOut,
                            boolean accumulate, GradientReadiness readiness) {
        Mat h = trunk;
        if (block != null) {
            block.forward(trunk, inputs.seqLen(), headOut, train);
            h = headOut;
        }
        finalNorm.forward(h, normed);
        lmHead.forward(normed, logits);
        double loss = CrossEntropy.lossAndGrad(params.kernels().loss(), logits, inputs.targets(offset), inputs.active(offset), scale,
                train ? dLogits : null);
        if (train) {
            lmHead.backward(dLogits, dNormed);
            if (block != null) {
                finalNorm.backward(dNormed, dHead);
                block.backward(dHead, dScratch, readiness);
                add.add(dTrunkOut, dScratch, dTrunkOut);
            }
        }
        return loss;
    }

    private void allocate(int n, int d, int v) {
        DataType type = params.dataType();
        if (acts == null) {
            acts = new Mat[blocks.length + 1];
        }
        for (int i = 0; i < acts.length; i++) {
            acts[i] = Mat.reuse(acts[i], type, n, d);
        }
        normed = Mat.reuse(normed, type, n, d);
        logits = Mat.reuse(logits, type, n, v);
        dLogits = Mat.reuse(dLogits, type, n, v);
        dNormed = Mat.reuse(dNormed, type, n, d);
        dScratch = Mat.reuse(dScratch, type, n, d);
        dTrunk = Mat.reuse(dTrunk, type, n, d);
        headOut = Mat.reuse(headOut, type, n, d);
        dHead = Mat.reuse(dHead, type, n, d);
    }

    /**
     * The dropout generators' states, two per block (trunk blocks, then MTP head blocks): all the
     * randomness training draws from, so a checkpoint with these resumes bit for bit.
     */
    public long[] dropoutRngState() {
        long[] s = new long[2 * (blocks.length + mtpBlocks.length)];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i].saveDropoutRng(s, 2 * i);
        }
        for (int i = 0; i < mtpBlocks.length; i++) {
            mtpBlocks[i].saveDropoutRng(s, 2 * (blocks.length + i));
        }
        return s;
    }

    /** Restores {@link #dropoutRngState()}; the length must match this model's blocks. */
    public void restoreDropoutRngState(long[] s) {
        if (s.length != 2 * (blocks.length + mtpBlocks.length)) {
            throw new IllegalArgumentException("dropout state of " + s.length + " generators; this model has "
                    + 2 * (blocks.length + mtpBlocks.length));
        }
        for (int i = 0; i < blocks.length; i++) {
            blocks[i].restoreDropoutRng(s, 2 * i);
        }
        for (int i = 0; i < mtpBlocks.length; i++) {
            mtpBlocks[i].restoreDropoutRng(s, 2 * (blocks.length + i));
        }
    }

    public ModelConfig config() {
        return config;
    }

    public Objective objective() {
        return objective;
    }

    /** Flat parameters and gradients. */
    public ParameterStore params() {
        return params;
    }
}
