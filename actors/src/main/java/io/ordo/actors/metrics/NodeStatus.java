package io.ordo.actors.metrics;

import io.ordo.actors.report.CheckpointFailure;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What health checks and the dashboard read about this node's run: whether a trainer is running,
 * when the last step finished, the step reached, the last checkpoint, and a checkpoint failure not
 * yet followed by a successful write. Written by
 * {@link TrainingMetrics} from the supervisor's events; read from any thread.
 */
public final class NodeStatus {
    /** A checkpoint on disk: step, file, write time and size. */
    public record CheckpointInfo(long step, Path file, double seconds, long bytes) {
    }

    /** Where this node's trainer workers sit: ring epoch (0 in one JVM), lowest local rank, world size. */
    public record Placement(long epoch, int rank, int world) {
        @Override
        public String toString() {
            return epoch == 0 ? "rank " + rank + " of " + world : "rank " + rank + " of " + world + ", ring epoch " + epoch;
        }
    }

    private volatile Placement placement;
    /** Why the workers are down, waiting for a re-formed ring or a restart; null while they train. */
    private volatile String waiting;
    private volatile boolean trainerRunning;
    private volatile boolean finished;
    private volatile long lastStepNanos;
    private volatile long step = -1;
    private volatile long totalSteps;
    private volatile int restarts;
    private volatile CheckpointInfo lastCheckpoint;
    /** The last checkpoint write failed (and none succeeded since); null otherwise. */
    private volatile CheckpointFailure checkpointFailure;
    /** Seconds of the current stretch without data (live sources), or a negative value while data flows. */
    private volatile double idleSeconds = -1;

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

    synchronized void placed(long epoch, int rank, int world) {
        Placement p = placement;
        if (p == null || epoch > p.epoch() || epoch == p.epoch() && rank < p.rank() || waiting != null) {
            placement = new Placement(epoch, rank, world);
        }
        waiting = null;
    }

    void failed(long epoch, String reason) {
        waiting = (epoch > 0 ? "ring epoch " + epoch + " broke (" : "a trainer failed (") + reason
                + "); waiting for " + (epoch > 0 ? "the coordinator to re-form the ring" : "the restart");
    }

    void stepped(long step) {
        this.step = step;
        this.lastStepNanos = System.nanoTime();
        this.idleSeconds = -1;
    }

    void waitingForData(double idleSeconds) {
        this.idleSeconds = idleSeconds;
    }

    /** How long a live source has sent nothing (the steps train nothing), or empty while data flows. */
    public java.util.OptionalDouble waitingForData() {
        double s = idleSeconds;
        return s < 0 ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(s);
    }

    synchronized void checkpointed(CheckpointInfo c) {
        CheckpointInfo last = lastCheckpoint;
        if (last == null || c.step() >= last.step()) {
            lastCheckpoint = c;
        }
        checkpointFailure = null;
    }

    synchronized void checkpointFailed(CheckpointFailure f) {
        checkpointFailure = f;
    }

    /** The last checkpoint write, when it failed: the checkpoints on disk lag behind until one succeeds. */
    public Optional<CheckpointFailure> checkpointFailure() {
        return Optional.ofNullable(checkpointFailure);
    }

    void finished() {
        this.finished = true;
        this.trainerRunning = false;
    }

    /** Where the workers sit, once a start placed them. */
    public Optional<Placement> placement() {
        return Optional.ofNullable(placement);
    }

    /** Why the workers are down until the next start (a broken ring, a failure), or empty while they train. */
    public Optional<String> waiting() {
        return Optional.ofNullable(waiting);
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
