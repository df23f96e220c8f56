package io.ordo.actors;

import java.nio.file.Path;

/** What a run reports as it goes: the CLI draws progress from it, tests collect it. */
public interface RunListener {
    default void onStart(long firstStep, long totalSteps, long parameters) {
    }

    default void onStep(StepMetrics m) {
    }

    default void onEval(EvalResult r) {
    }

    default void onCheckpoint(long step, Path file, double seconds) {
    }

    default void onTrainerRestart(long fromStep, Throwable cause) {
    }

    default void onFinish(RunSummary summary) {
    }
}
