package io.ordo.actors.distributed;

import io.ordo.actors.EvalResult;
import io.ordo.actors.MetricsLog;
import io.ordo.actors.StepMetrics;
import io.ordo.actors.TrainerActor;
import io.ordo.actors.job.TrainingJob;
import io.ordo.streams.batch.BatchConfig;
import java.nio.file.Path;

/**
 * A distributed run's {@code metrics.jsonl}, in the format {@code ordo train} writes
 * ({@link MetricsLog}), from the progress of whichever local worker is rank 0: a train line every
 * {@code logEvery} steps and at the last step, a line per checkpoint and per held-out evaluation,
 * and a restart line at the step a re-formed ring (epoch &gt; 1) resumes from. One per node.
 *
 * <p>Only the current rank 0 writes. The file is opened (appending, so a resumed or re-formed run
 * continues it) when a local worker first becomes rank 0; once this node hears of a ring in which
 * none of its workers is rank 0, it writes nothing (a late evaluation of an older ring is dropped)
 * until one of them is rank 0 again. With a shared {@code --out} the new rank 0 on another node goes
 * on appending to the same file; each line reaches it in one appending write.
 *
 * <p>Train lines: {@code loss} and its terms are the whole global batch's: {@link AeronGradientExchange}
 * sums the ranks' shares of them over the ring with the gradients, so every rank reports the same value.
 * {@code tokens_per_second} is global: every rank trains one shard of the same batch, so the ring
 * processes the whole batch's tokens per step.
 *
 * <p>Callbacks come from rank threads and the evaluation thread; they are serialised here.
 */
public final class RankZeroMetricsLog implements RankProgress, AutoCloseable {
    private final Path file;
    private final long logEvery;
    private final long lastStep;
    private final long tokensPerStep;
    private MetricsLog log;
    private boolean closed;
    /** The newest ring epoch a local worker started, 0 before any. */
    private long newestEpoch;
    /** The newest epoch in which a local worker is rank 0, 0 before any. */
    private long rankZeroEpoch;
    private long tokens;
    private long tokensAtLastLog;
    private long nanosAtLastLog;

    /** Writes {@code job.metricsFile()}; opens it only when a local worker becomes rank 0. */
    public RankZeroMetricsLog(TrainingJob job) {
        BatchConfig batch = TrainerActor.batchConfig(job);
        this.file = job.metricsFile();
        this.logEvery = job.logEvery();
        this.lastStep = job.steps();
        this.tokensPerStep = (long) batch.rows() * batch.seqLen();
    }

    /** Whether this node's rank 0 is the newest ring's: only then does it write. */
    private boolean writing() {
        return !closed && rankZeroEpoch > 0 && rankZeroEpoch == newestEpoch;
    }

    @Override
    public synchronized void onRing(long epoch, int rank, int world, long step, boolean resumed, long parameters) {
        newestEpoch = Math.max(newestEpoch, epoch);
        if (rank == 0 && epoch == newestEpoch) {
            rankZeroEpoch = epoch;
            tokens = 0;
            tokensAtLastLog = 0;
            nanosAtLastLog = System.nanoTime();
            if (epoch > 1 && writing()) {
                log().restart(step);
            }
        }
    }

    @Override
    public synchronized void onStep(long epoch, int rank, int world, StepMetrics m) {
        if (rank != 0 || epoch != rankZeroEpoch || !writing()) {
            return;
        }
        tokens += tokensPerStep;
        if (m.step() % logEvery == 0 || m.step() == lastStep) {
            long now = System.nanoTime();
            double rate = (tokens - tokensAtLastLog) / Math.max(1e-9, (now - nanosAtLastLog) / 1e9);
            log().train(m, rate);
            tokensAtLastLog = tokens;
            nanosAtLastLog = now;
        }
    }

    @Override
    public synchronized void onCheckpoint(long step, Path checkpoint, double seconds) {
        if (writing()) {
            log().checkpoint(step, checkpoint, seconds);
        }
    }

    @Override
    public synchronized void onEval(EvalResult r) {
        if (writing()) {
            log().eval(r);
        }
    }

    private MetricsLog log() {
        if (log == null) {
            log = new MetricsLog(file);
        }
        return log;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (log != null) {
            log.close();
            log = null;
        }
    }
}
