package io.ordo.deploy.launch;

import io.ordo.actors.distributed.RankProgress;
import java.io.PrintWriter;
import java.nio.file.Path;

/** One line per ring change, checkpoint and every {@code logEvery} steps, for logs of many processes. */
final class LineProgress implements RankProgress {
    private final PrintWriter out;
    private final long logEvery;

    LineProgress(PrintWriter out, long logEvery) {
        this.out = out;
        this.logEvery = logEvery;
    }

    @Override
    public synchronized void onRing(long epoch, int rank, int world, long step, boolean resumed) {
        out.printf("ring epoch %d: rank %d of %d, %s at step %d%n", epoch, rank, world,
                resumed ? "resumed from checkpoint" : "starting", step);
        out.flush();
    }

    @Override
    public synchronized void onStep(long epoch, int rank, int world, long step, double loss) {
        if (step % logEvery == 0) {
            out.printf("epoch %d rank %d/%d step %d loss %.4f%n", epoch, rank, world, step, loss);
            out.flush();
        }
    }

    @Override
    public synchronized void onRingBroken(long epoch, int rank, String reason) {
        out.printf("ring epoch %d broken at rank %d: %s%n", epoch, rank, reason);
        out.flush();
    }

    @Override
    public synchronized void onCheckpoint(long step, Path file) {
        out.printf("checkpoint step %d: %s%n", step, file);
        out.flush();
    }
}
