package io.ordo.deploy.launch;

import io.ordo.actors.EvalResult;
import io.ordo.actors.RunListener;
import io.ordo.actors.StepMetrics;
import io.ordo.actors.distributed.RankProgress;
import java.nio.file.Path;

/**
 * Feeds a launch node's rank progress to the node's {@link RunListener} (its metrics, health and
 * dashboard meters), so {@code /metrics} and {@code /ready} of a distributed node move as those
 * of {@code ordo train} do. With several ranks on a node they share the node's meters; rank 0's
 * held-out evaluations set the eval gauges ({@code ordo_eval_accuracy_ratio}, eval losses) of its node.
 */
final class RankMeters implements RankProgress {
    private final RunListener listener;
    private final long totalSteps;

    RankMeters(RunListener listener, long totalSteps) {
        this.listener = listener;
        this.totalSteps = totalSteps;
    }

    @Override
    public void onRing(long epoch, int rank, int world, long step, boolean resumed, long parameters) {
        listener.onStart(step, totalSteps, parameters);
    }

    @Override
    public void onStep(long epoch, int rank, int world, StepMetrics m) {
        listener.onStep(m);
    }

    @Override
    public void onCheckpoint(long step, Path file, double seconds) {
        listener.onCheckpoint(step, file, seconds);
    }

    @Override
    public void onEval(EvalResult r) {
        listener.onEval(r);
    }
}
