package io.ordo.deploy.launch;

import io.ordo.deploy.CheckpointNotices;
import io.ordo.deploy.IdleNotice;
import io.ordo.actors.report.CheckpointFailure;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.StepMetrics;
import io.ordo.actors.report.RunListener;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * One line per ring change, checkpoint, evaluation and every {@code logEvery} steps, for logs of
 * many processes.
 */
final class LineProgress implements RunListener {
    private final PrintWriter out;
    private final long logEvery;
    private long ringStartNanos;
    private long ringStartStep;
    private long lastStepNanos;
    private long lastStep;
    private final IdleNotice idle = new IdleNotice();

    LineProgress(PrintWriter out, long logEvery) {
        this.out = out;
        this.logEvery = logEvery;
    }

    @Override
    public synchronized void onRing(long epoch, int rank, int world, long step, boolean resumed) {
        ringStartNanos = System.nanoTime();
        ringStartStep = step;
        out.printf("ring epoch %d: rank %d of %d, %s at step %d%n", epoch, rank, world,
                resumed ? "resumed from checkpoint" : "starting", step);
        out.flush();
    }

    @Override
    public synchronized void onStep(StepMetrics m) {
        lastStepNanos = System.nanoTime();
        lastStep = m.step();
        if (m.step() % logEvery == 0) {
            out.printf("step %d loss %.4f%n", m.step(), m.loss());
            out.flush();
        }
    }

    /** @return "steps a..b of the last ring in S s (M ms/step)", or "" before any step */
    synchronized String lastRingTiming() {
        if (lastStep <= ringStartStep) {
            return "";
        }
        double seconds = (lastStepNanos - ringStartNanos) / 1e9;
        return String.format("steps %d..%d of the last ring in %.1f s (%.1f ms/step)", ringStartStep + 1, lastStep,
                seconds, 1000 * seconds / (lastStep - ringStartStep));
    }

    @Override
    public synchronized void onLiveSource(String description) {
        out.println("live source: " + description);
        out.flush();
    }

    @Override
    public synchronized void onWaitingForData(double idleSeconds) {
        if (idle.due(idleSeconds)) {
            out.println(IdleNotice.line(idleSeconds));
            out.flush();
        }
    }

    @Override
    public synchronized void onTrainerFailed(long epoch, int local, String reason) {
        out.printf("ring epoch %d broken at worker %d: %s%n", epoch, local, reason);
        out.flush();
    }

    @Override
    public synchronized void onCheckpoint(long step, Path file, double seconds) {
        out.printf("checkpoint step %d: %s%n", step, file);
        out.flush();
    }

    @Override
    public synchronized void onCheckpointFailed(CheckpointFailure failure) {
        out.println(CheckpointNotices.failed(failure));
        out.flush();
    }

    @Override
    public synchronized void onCheckpointSkipped(Path file, String reason, long resumedStep) {
        out.println(CheckpointNotices.skipped(reason, resumedStep));
        out.flush();
    }

    @Override
    public synchronized void onEval(EvalResult r) {
        out.printf("eval step %d: %s%n", r.step(), r.describe());
        out.flush();
    }
}
