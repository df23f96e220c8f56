package io.ordo.actors.report;

import java.nio.file.Path;
import java.util.List;

/** One {@link RunListener} that passes every event to several, in order. */
public final class RunListeners implements RunListener {
    private final List<RunListener> listeners;

    private RunListeners(List<RunListener> listeners) {
        this.listeners = listeners;
    }

    /** {@code listeners} as one. */
    public static RunListener of(RunListener... listeners) {
        return listeners.length == 1 ? listeners[0] : new RunListeners(List.of(listeners));
    }

    @Override
    public void onStart(long firstStep, long totalSteps, long parameters) {
        listeners.forEach(l -> l.onStart(firstStep, totalSteps, parameters));
    }

    @Override
    public void onRing(long epoch, int rank, int world, long step, boolean resumed) {
        listeners.forEach(l -> l.onRing(epoch, rank, world, step, resumed));
    }

    @Override
    public void onTrainerFailed(long epoch, int local, String reason) {
        listeners.forEach(l -> l.onTrainerFailed(epoch, local, reason));
    }

    @Override
    public void onLiveSource(String description) {
        listeners.forEach(l -> l.onLiveSource(description));
    }

    @Override
    public void onStep(StepMetrics m) {
        listeners.forEach(l -> l.onStep(m));
    }

    @Override
    public void onWaitingForData(double waitedSeconds) {
        listeners.forEach(l -> l.onWaitingForData(waitedSeconds));
    }

    @Override
    public void onEval(EvalResult r) {
        listeners.forEach(l -> l.onEval(r));
    }

    @Override
    public void onCheckpoint(long step, Path file, double seconds) {
        listeners.forEach(l -> l.onCheckpoint(step, file, seconds));
    }

    @Override
    public void onCheckpointFailed(CheckpointFailure failure) {
        listeners.forEach(l -> l.onCheckpointFailed(failure));
    }

    @Override
    public void onCheckpointSkipped(Path file, String reason, long resumedStep) {
        listeners.forEach(l -> l.onCheckpointSkipped(file, reason, resumedStep));
    }

    @Override
    public void onTrainerRestart(long fromStep, Throwable cause) {
        listeners.forEach(l -> l.onTrainerRestart(fromStep, cause));
    }

    @Override
    public void onFinish(RunSummary summary) {
        listeners.forEach(l -> l.onFinish(summary));
    }
}
