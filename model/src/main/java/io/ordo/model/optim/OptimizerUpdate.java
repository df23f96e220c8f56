package io.ordo.model.optim;

/**
 * What one {@link AdamW#step()} call did.
 *
 * @param step     0-based optimizer step this call used for the schedule; after an applied update
 *                 {@code stepCount() == step + 1}, after a skip the same step is tried again
 * @param lr       learning rate of that step ({@code LrSchedule.lr(step)}), reported even if skipped
 * @param gradNorm global L2 gradient norm before clipping (NaN/infinite when skipped)
 * @param skipped  true when the gradients were not finite and nothing was updated
 */
public record OptimizerUpdate(long step, double lr, double gradNorm, boolean skipped) {
}
