package io.ordo.actors.metrics;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What health checks and the dashboard read about this node's run: whether a trainer is running,
 * when the last step finished, the step reached, and the last checkpoint. Written by
 * {@link TrainingMetrics} from the supervisor's events; read from any thread.
 */
public final class NodeStatus {
    /** A checkpoint on disk: step, file, write time and size. */
    public record CheckpointInfo(long step, Path file, double seconds, long bytes) {
    }

    private volatile boolean trainerRunning;
    private volatile boolean finished;
    private volatile long lastStepNanos;
    private volatile long step = -1;
    private volatile long totalSteps;
    private volatile int restarts;
    private volatile CheckpointInfo lastCheckpoint;

    void started(long firstStep, long totalSteps) {
        this.step = firstStep;
        this.totalSteps = totalSteps;
        this.trainerRunning = true;
    }

    void restarted(long fromStep) {
        this.step = fromStep;
        this.restarts++;
        this.trainerRunning = true;
    }

    void stepped(long step) {
        this.step = step;
        this.lastStepNanos = System.nanoTime();
    }

    void checkpointed(CheckpointInfo c) {
        CheckpointInfo last = lastCheckpoint;
        if (last == null || c.step() >= last.step()) {
            lastCheckpoint = c;
        }
    }

    void finished() {
        this.finished = true;
        this.trainerRunning = false;
    }

    /** A trainer started and has not finished the run. */
    public boolean trainerRunning() {
        return trainerRunning;
    }

    /** The run reached its last step. */
    public boolean isFinished() {
        return finished;
    }

    /** {@link System#nanoTime()} of the last step, 0 before the first. */
    public long lastStepNanos() {
        return lastStepNanos;
    }

    /** The last step finished (or the step a trainer started from), -1 before the start. */
    public long step() {
        return step;
    }

    public long totalSteps() {
        return totalSteps;
    }

    public int restarts() {
        return restarts;
    }

    public Optional<CheckpointInfo> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }
}
