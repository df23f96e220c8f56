package io.ordo.actors.report;

import java.nio.file.Path;

/** What a run reports as it goes: the CLI draws progress from it, tests collect it. */
public interface RunListener {
    default void onStart(long firstStep, long totalSteps, long parameters) {
    }

    /**
     * A local worker (re)started holding {@code rank} of {@code world} in ring {@code epoch} (0 in
     * one JVM), at {@code step}, {@code resumed} from a checkpoint or fresh.
     */
    default void onRing(long epoch, int rank, int world, long step, boolean resumed) {
    }

    /** The run reads a live source: {@code description} says what and where (e.g. the ingest endpoint). */
    default void onLiveSource(String description) {
    }

    default void onStep(StepMetrics m) {
    }

    /**
     * A step trained nothing: no rank had data ({@code waitedSeconds} spent waiting for it so far
     * in this idle stretch). Training goes on when data comes; nothing failed.
     */
    default void onWaitingForData(double waitedSeconds) {
    }

    default void onEval(EvalResult r) {
    }

    default void onCheckpoint(long step, Path file, double seconds) {
    }

    /** A checkpoint could not be written; training goes on and the next checkpoint tries again. */
    default void onCheckpointFailed(CheckpointFailure failure) {
    }

    /**
     * Resuming passed over {@code file}, which did not verify ({@code reason} names the file and the
     * check that failed), and starts from the checkpoint at {@code resumedStep} (-1: none was valid).
     */
    default void onCheckpointSkipped(Path file, String reason, long resumedStep) {
    }

    /** Local worker {@code local} failed in ring {@code epoch} (0 in one JVM); all local workers restart. */
    default void onTrainerFailed(long epoch, int local, String reason) {
    }

    default void onTrainerRestart(long fromStep, Throwable cause) {
    }

    default void onFinish(RunSummary summary) {
    }
}
