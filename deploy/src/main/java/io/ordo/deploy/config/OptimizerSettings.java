package io.ordo.deploy.config;

import com.typesafe.config.Config;
import io.ordo.model.optim.OptimizerConfig;

/**
 * AdamW and its learning-rate schedule, from {@code ordo.job.optimizer}.
 *
 * @param lr          peak learning rate, > 0
 * @param warmup      linear warmup steps (capped at steps - 1)
 * @param minLrRatio  the cosine decay's floor as a share of lr, in [0, 1]
 * @param weightDecay decoupled weight decay, >= 0
 * @param gradClip    global gradient-norm clip, >= 0
 */
public record OptimizerSettings(double lr, long warmup, double minLrRatio, double weightDecay, double gradClip) {
    public static final String LR = "optimizer.lr";
    public static final String WARMUP = "optimizer.warmup";
    public static final String MIN_LR_RATIO = "optimizer.min-lr-ratio";
    public static final String WEIGHT_DECAY = "optimizer.weight-decay";
    public static final String GRAD_CLIP = "optimizer.grad-clip";

    /** Reads the keys of the resolved {@code ordo.job} section {@code c}; errors name the key and the allowed values. */
    public static OptimizerSettings from(Config c) {
        return new OptimizerSettings(JobKeys.number(c, LR, true), JobKeys.longAtLeast(c, WARMUP, 0),
                JobKeys.fraction(c, MIN_LR_RATIO), JobKeys.number(c, WEIGHT_DECAY, false),
                JobKeys.number(c, GRAD_CLIP, false));
    }

    /** The optimizer of a run of {@code steps} steps. */
    public OptimizerConfig toOptimizer(long steps) {
        return OptimizerConfig.defaults().withLearningRate(lr).withWeightDecay(weightDecay).withGradClipNorm(gradClip)
                .withSchedule(Math.min(warmup, steps - 1), steps, minLrRatio);
    }
}
