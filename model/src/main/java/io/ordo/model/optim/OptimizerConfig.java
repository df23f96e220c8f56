package io.ordo.model.optim;

import io.ordo.model.param.Param;

/**
 * AdamW, learning-rate schedule and gradient clipping settings, as one typed record with
 * documented defaults and validation. Steps count optimizer updates, not samples or micro-batches.
 *
 * <p><b>No-decay rule.</b> Weight decay applies only to matrices ({@link Param#rows()} &gt; 1:
 * attention/MLP weights, token and position embeddings, heads). One-row parameters (biases,
 * LayerNorm gains and shifts) are never decayed, as in nanoGPT ("all weight tensors in matmuls +
 * embeddings decay, all biases and layernorms don't"). See {@link #noDecay(Param)}.
 *
 * @param learningRate peak learning rate, finite and &gt;= 0 (default 1e-3)
 * @param beta1        first-moment decay, in [0, 1) (default 0.9)
 * @param beta2        second-moment decay, in [0, 1) (default 0.999, the PyTorch default; nanoGPT
 *                     uses 0.95 for GPT-2 pretraining)
 * @param eps          added to sqrt(v-hat) in the denominator, finite and &gt; 0 so parameters whose
 *                     gradient is always zero stay finite (default 1e-8)
 * @param weightDecay  decoupled weight decay, finite and &gt;= 0 (default 0.01, the
 *                     torch.optim.AdamW default)
 * @param warmupSteps  linear warmup length in optimizer steps, &gt;= 0 (default 0: no warmup)
 * @param totalSteps   step at which the cosine decay reaches its floor; 0 means constant LR after
 *                     warmup, otherwise it must exceed warmupSteps (default 0)
 * @param minLrRatio   cosine floor as a fraction of learningRate, in [0, 1] (default 0.1)
 * @param gradClipNorm maximum global L2 gradient norm, finite and &gt;= 0; 0 disables clipping
 *                     (default 1.0)
 */
public record OptimizerConfig(double learningRate, double beta1, double beta2, double eps, double weightDecay,
                              long warmupSteps, long totalSteps, double minLrRatio, double gradClipNorm) {

    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;
    public static final long DEFAULT_WARMUP_STEPS = 0L;
    public static final long DEFAULT_TOTAL_STEPS = 0L;
    public static final double DEFAULT_MIN_LR_RATIO = 0.1;
    public static final double DEFAULT_GRAD_CLIP_NORM = 1.0;

    public OptimizerConfig {
        atLeastZero("learningRate", learningRate);
        beta("beta1", beta1);
        beta("beta2", beta2);
        if (!(eps > 0.0 && Double.isFinite(eps))) {
            throw new IllegalArgumentException("eps must be finite and > 0, got " + eps);
        }
        atLeastZero("weightDecay", weightDecay);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
        if (totalSteps < 0 || (totalSteps > 0 && totalSteps <= warmupSteps)) {
            throw new IllegalArgumentException("totalSteps must be 0 (constant LR after warmup) or > warmupSteps ("
                    + warmupSteps + "), got " + totalSteps);
        }
        if (!(minLrRatio >= 0.0 && minLrRatio <= 1.0)) {
            throw new IllegalArgumentException("minLrRatio must be in [0, 1], got " + minLrRatio);
        }
        atLeastZero("gradClipNorm", gradClipNorm);
    }

    /** All defaults: constant LR 1e-3, PyTorch AdamW betas/eps/decay, clip at 1.0. */
    public static OptimizerConfig defaults() {
        return new OptimizerConfig(DEFAULT_LEARNING_RATE, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS,
                DEFAULT_WEIGHT_DECAY, DEFAULT_WARMUP_STEPS, DEFAULT_TOTAL_STEPS, DEFAULT_MIN_LR_RATIO,
                DEFAULT_GRAD_CLIP_NORM);
    }

    /** True for parameters that weight decay skips: one-row tensors (biases, LayerNorm gains). */
    public static boolean noDecay(Param p) {
        return p.rows() <= 1;
    }

    public OptimizerConfig withLearningRate(double lr) {
        return new OptimizerConfig(lr, beta1, beta2, eps, weightDecay, warmupSteps, totalSteps, minLrRatio, gradClipNorm);
    }

    public OptimizerConfig withBetas(double b1, double b2) {
        return new OptimizerConfig(learningRate, b1, b2, eps, weightDecay, warmupSteps, totalSteps, minLrRatio, gradClipNorm);
    }

    public OptimizerConfig withEps(double e) {
        return new OptimizerConfig(learningRate, beta1, beta2, e, weightDecay, warmupSteps, totalSteps, minLrRatio, gradClipNorm);
    }

    public OptimizerConfig withWeightDecay(double wd) {
        return new OptimizerConfig(learningRate, beta1, beta2, eps, wd, warmupSteps, totalSteps, minLrRatio, gradClipNorm);
    }

    /** Warmup for {@code warmup} steps, then cosine to {@code lr * ratio} at step {@code total}. */
    public OptimizerConfig withSchedule(long warmup, long total, double ratio) {
        return new OptimizerConfig(learningRate, beta1, beta2, eps, weightDecay, warmup, total, ratio, gradClipNorm);
    }

    public OptimizerConfig withGradClipNorm(double clip) {
        return new OptimizerConfig(learningRate, beta1, beta2, eps, weightDecay, warmupSteps, totalSteps, minLrRatio, clip);
    }

    private static void atLeastZero(String key, double value) {
        if (!(value >= 0.0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(key + " must be finite and >= 0, got " + value);
        }
    }

    private static void beta(String key, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(key + " must be in [0, 1), got " + value);
        }
    }
}
