package io.ordo.actors.distributed;

import io.ordo.actors.EvalResult;
import io.ordo.actors.StepMetrics;
import java.nio.file.Path;

/**
 * What a {@link RankWorker} reports as it trains. Callbacks run on the worker's thread, except
 * {@link #onEval}, which runs on the node's evaluation thread ({@link RankZeroEvaluator}).
 */
public interface RankProgress {
    /** Prints nothing. */
    RankProgress NONE = new RankProgress() {
    };

    /**
     * Ring {@code epoch} formed and this rank starts (or resumes) at {@code step}, training a model
     * of {@code parameters} parameters.
     */
    default void onRing(long epoch, int rank, int world, long step, boolean resumed, long parameters) {
    }

    /** One optimizer step; its losses are the global batch's (summed over the ring). */
    default void onStep(long epoch, int rank, int world, StepMetrics m) {
    }

    /** The ring of {@code epoch} failed; the rank waits for the next one. */
    default void onRingBroken(long epoch, int rank, String reason) {
    }

    /** Rank 0 wrote a checkpoint in {@code seconds}. */
    default void onCheckpoint(long step, Path file, double seconds) {
    }

    /**
     * Rank 0's held-out evaluation of the parameters after step {@code r.step()} finished (on the
     * evaluation thread, while the ring trains on).
     */
    default void onEval(EvalResult r) {
    }

    /** Every one of {@code all}, in order. */
    static RankProgress of(RankProgress... all) {
        return new RankProgress() {
            @Override
            public void onRing(long epoch, int rank, int world, long step, boolean resumed, long parameters) {
                for (RankProgress p : all) {
                    p.onRing(epoch, rank, world, step, resumed, parameters);
                }
            }

            @Override
            public void onStep(long epoch, int rank, int world, StepMetrics m) {
                for (RankProgress p : all) {
                    p.onStep(epoch, rank, world, m);
                }
            }

            @Override
            public void onRingBroken(long epoch, int rank, String reason) {
                for (RankProgress p : all) {
                    p.onRingBroken(epoch, rank, reason);
                }
            }

            @Override
            public void onCheckpoint(long step, Path file, double seconds) {
                for (RankProgress p : all) {
                    p.onCheckpoint(step, file, seconds);
                }
            }

            @Override
            public void onEval(EvalResult r) {
                for (RankProgress p : all) {
                    p.onEval(r);
                }
            }
        };
    }
}
