package io.ordo.actors.distributed;

/** What a {@link RankWorker} reports as it trains; callbacks run on the worker's thread. */
public interface RankProgress {
    /** Prints nothing. */
    RankProgress NONE = new RankProgress() {
    };

    /** Ring {@code epoch} formed and this rank starts (or resumes) at {@code step}. */
    default void onRing(long epoch, int rank, int world, long step, boolean resumed) {
    }

    /** One optimizer step; {@code loss} is this rank's shard loss. */
    default void onStep(long epoch, int rank, int world, long step, double loss) {
    }

    /** The ring of {@code epoch} failed; the rank waits for the next one. */
    default void onRingBroken(long epoch, int rank, String reason) {
    }

    /** Rank 0 wrote a checkpoint. */
    default void onCheckpoint(long step, java.nio.file.Path file) {
    }
}
