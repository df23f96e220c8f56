package io.ordo.model.optim;

/**
 * Learning rate as a pure function of the 0-based optimizer step (nanoGPT's {@code get_lr}).
 *
 * <pre>
 *   step &lt; W            lr * (step + 1) / W                      linear warmup, reaches lr at W - 1
 *   W &lt;= step &lt; T       floor + (lr - floor) * (1 + cos(pi * (step - W) / (T - W))) / 2
 *   step &gt;= T           floor = lr * minLrRatio
 *   T == 0              lr after warmup (constant)
 * </pre>
 *
 * with W = warmupSteps and T = totalSteps, both in optimizer steps.
 */
public final class LrSchedule {
    private final double peak;
    private final double floor;
    private final long warmup;
    private final long total;

    public LrSchedule(OptimizerConfig config) {
        this.peak = config.learningRate();
        this.floor = config.learningRate() * config.minLrRatio();
        this.warmup = config.warmupSteps();
        this.total = config.totalSteps();
    }

    /** The learning rate for the update at 0-based optimizer step {@code step} (&gt;= 0). */
    public double lr(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (step < warmup) {
            return peak * (double) (step + 1) / (double) warmup;
        }
        if (total == 0) {
            return peak;
        }
        if (step >= total) {
            return floor;
        }
        double progress = (double) (step - warmup) / (double) (total - warmup); // in [0, 1)
        return floor + (peak - floor) * 0.5 * (1.0 + Math.cos(Math.PI * progress));
    }
}
