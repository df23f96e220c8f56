package io.ordo.model.generate;

import io.ordo.model.Gpt;
import io.ordo.model.layer.KvCache;
import io.ordo.model.tensor.Mat;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Autoregressive decoding of one sequence with a KV cache: the prompt is prefilled token by token
 * through {@link Gpt#forwardStep}, then each new token is drawn by a {@link Sampler} from the
 * latest logits and fed back. Prompt plus new tokens must fit in the model's seqLen (nothing is
 * truncated).
 *
 * <p>Runs on the model's layer buffers: not thread-safe, and not to be called between a training
 * forward and its backward.
 */
public final class Generator {
    /** Stop token meaning "never stop early". */
    public static final int NO_STOP = -1;

    private final Gpt model;
    private final KvCache cache;      // one sequence
    private final Mat stepLogits;     // (1, V)
    private final double[] row;       // (V) logits of the latest step
    private final int[] token = new int[1];
    private final Sampler sampler;

    public Generator(Gpt model) {
        int v = model.config().vocabSize();
        this.model = model;
        this.cache = model.newKvCache(1);
        this.stepLogits = Mat.zeros(model.params().dataType(), 1, v);
        this.row = new double[v];
        this.sampler = new Sampler(v);
    }

    /** {@link #generate(int[], int, Sampling, long, int)} without a stop token. */
    public int[] generate(int[] prompt, int maxNewTokens, Sampling sampling, long seed) {
        return generate(prompt, maxNewTokens, sampling, seed, NO_STOP);
    }

    /**
     * Continues {@code prompt}. Deterministic for a given seed.
     *
     * @param prompt       at least one token id
     * @param maxNewTokens tokens to draw at most; prompt.length + maxNewTokens must not exceed seqLen
     * @param stopToken    stop after drawing this id (it is included), or {@link #NO_STOP}
     * @return the new tokens only (prompt excluded), maxNewTokens of them unless stopped early
     */
    public int[] generate(int[] prompt, int maxNewTokens, Sampling sampling, long seed, int stopToken) {
        int seqLen = model.config().seqLen();
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        }
        if ((long) prompt.length + maxNewTokens > seqLen) {
            throw new IllegalArgumentException("prompt of " + prompt.length + " tokens + maxNewTokens " + maxNewTokens
                    + " exceeds seqLen " + seqLen);
        }
        if (stopToken != NO_STOP && (stopToken < 0 || stopToken >= row.length)) {
            throw new IllegalArgumentException("stopToken " + stopToken + " outside vocabulary [0, " + row.length + ")");
        }
        prefill(prompt);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] out = new int[maxNewTokens];
        for (int i = 0; i < maxNewTokens; i++) {
            int next = sampler.sample(row, sampling, rng);
            out[i] = next;
            if (next == stopToken) {
                return Arrays.copyOf(out, i + 1);
            }
            if (i + 1 < maxNewTokens) {
                step(next);
            }
        }
        return out;
    }

    /** NTP logits (V) for the token after {@code context} (1..seqLen ids), through the cached path. */
    public double[] nextLogits(int[] context) {
        if (context.length > model.config().seqLen()) {
            throw new IllegalArgumentException("context of " + context.length + " tokens exceeds seqLen " + model.config().seqLen());
        }
        prefill(context);
        return row.clone();
    }

    /** Restarts the cache and feeds the context one position at a time; row holds the last logits. */
    private void prefill(int[] context) {
        if (context.length == 0) {
            throw new IllegalArgumentException("prompt must hold at least one token");
        }
        cache.reset();
        for (int id : context) {
            step(id);
        }
    }

    private void step(int id) {
        token[0] = id;
        model.forwardStep(token, cache, stepLogits);
        for (int j = 0; j < row.length; j++) {
            row[j] = stepLogits.get(0, j);
        }
    }
}
