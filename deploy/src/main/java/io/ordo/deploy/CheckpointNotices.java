package io.ordo.deploy;

import io.ordo.actors.report.CheckpointFailure;

/** The console lines for checkpoints that could not be written or that resuming skipped. */
public final class CheckpointNotices {
    private CheckpointNotices() {
    }

    /** E.g. "ordo: checkpoint at step 10 failed in DIR: No space left on device; last good ...; training goes on ...". */
    public static String failed(CheckpointFailure failure) {
        return "ordo: " + failure.describe() + "; training goes on, the next checkpoint tries again";
    }

    /**
     * E.g. "ordo: skipping corrupt checkpoint DIR/step-000000000020.ckpt: checksum mismatch in section
     * 'params' (...); resuming from step 10".
     */
    public static String skipped(String reason, long resumedStep) {
        return "ordo: skipping " + reason + "; " + (resumedStep < 0 ? "no valid checkpoint is left: starting from scratch"
                : "resuming from step " + resumedStep);
    }
}
