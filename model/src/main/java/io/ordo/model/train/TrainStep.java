package io.ordo.model.train;

import io.ordo.model.Losses;
import io.ordo.model.optim.OptimizerUpdate;

/**
 * What one optimizer step did: its losses, the optimizer's report, the input tokens it consumed
 * (this replica's), and the global batch's next-token targets (every replica's: for text, the
 * tokens the step trained on).
 * {@link #NOTHING_TO_TRAIN} when the global batch had no target at all (e.g. every live source was
 * idle): no forward, no update, no step.
 */
public record TrainStep(Losses losses, OptimizerUpdate optimizer, int tokens, long targets) {

    /** A step whose global batch had no target: nothing was computed or updated. */
    public static final TrainStep NOTHING_TO_TRAIN = new TrainStep(null, null, 0, 0);

    /** Whether this step trained nothing (see {@link #NOTHING_TO_TRAIN}). */
    public boolean idle() {
        return optimizer == null;
    }
}
