package io.ordo.actors.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ordo.actors.report.CheckpointFailure;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.report.StepMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Training metrics from the supervisor's events (a {@link RunListener}). Exported names:
 *
 * <pre>
 * ordo_tokens_total                       counter  training tokens processed
 * ordo_steps_total / ordo_skipped_steps_total  counter  optimizer steps (skipped: non-finite gradient)
 * ordo_step                               gauge    last step finished
 * ordo_step_duration_seconds              histogram  wall time of one step (forward, backward, update)
 * ordo_loss{split="train|eval",term="total|ntp|top|mtp"}  gauge  nats per target token
 * ordo_learning_rate, ordo_gradient_norm  gauge    of the last step (norm before clipping)
 * ordo_eval_accuracy_ratio, ordo_eval_perplexity  gauge  last evaluation (exact match; text)
 * ordo_eval_duration_seconds              histogram
 * ordo_checkpoint_duration_seconds        histogram  checkpoint write time
 * ordo_checkpoint_size_bytes, ordo_checkpoint_step  gauge  last checkpoint
 * ordo_checkpoint_written_bytes_total     counter
 * ordo_checkpoint_failures_total          counter  checkpoint writes that failed (disk full, I/O error, read-only)
 * ordo_model_parameters                   gauge
 * ordo_data_wait_seconds_total            counter  time trainers waited for their batches
 * ordo_data_wait_share                    gauge    share of the last step's time spent waiting for its batch
 * ordo_waiting_for_data                   gauge    1 while a live source sends nothing (steps train nothing), else 0
 * ordo_data_idle_seconds                  gauge    length of the current idle stretch (0 while data flows)
 * </pre>
 *
 * It also keeps the node's {@link NodeStatus} current. Calls come from the supervisor actor, one
 * at a time. A checkpoint's size is read when the supervisor hears of the write; a file already
 * pruned by then ({@code keep-checkpoints}, a supervisor far behind the trainer) is not counted.
 */
public final class TrainingMetrics implements RunListener {
    private static final String[] TERMS = {"total", "ntp", "top", "mtp"};

    private final NodeStatus status;
    private final Counter tokens;
    private final Counter steps;
    private final Counter skipped;
    private final Timer stepDuration;
    private final Timer evalDuration;
    private final Timer checkpointDuration;
    private final Counter checkpointBytes;
    private final Counter checkpointFailures;
    private final GaugeValue[] trainLoss = new GaugeValue[TERMS.length];
    private final GaugeValue[] evalLoss = new GaugeValue[TERMS.length];
    private final GaugeValue step;
    private final GaugeValue lr;
    private final GaugeValue gradNorm;
    private final GaugeValue accuracy;
    private final GaugeValue perplexity;
    private final GaugeValue checkpointSize;
    private final GaugeValue checkpointStep;
    private final GaugeValue parameters;
    private final GaugeValue ringEpoch;
    private final GaugeValue rank;
    private final GaugeValue world;
    private final Counter dataWait;
    private final GaugeValue dataWaitShare;
    private final GaugeValue waitingForData;
    private final GaugeValue idleSeconds;

    public TrainingMetrics(MeterRegistry registry, NodeStatus status) {
        this.status = status;
        tokens = Counter.builder("ordo.tokens").description("Training tokens processed").register(registry);
        steps = Counter.builder("ordo.steps").description("Optimizer steps").register(registry);
        skipped = Counter.builder("ordo.skipped.steps")
                .description("Steps whose update was skipped (non-finite gradient)").register(registry);
        stepDuration = histogram("ordo.step.duration", "Wall time of one training step", registry);
        evalDuration = histogram("ordo.eval.duration", "Wall time of one held-out evaluation", registry);
        checkpointDuration = histogram("ordo.checkpoint.duration", "Time to write one checkpoint", registry);
        checkpointBytes = Counter.builder("ordo.checkpoint.written").baseUnit("bytes")
                .description("Checkpoint bytes written").register(registry);
        checkpointFailures = Counter.builder("ordo.checkpoint.failures")
                .description("Checkpoint writes that failed (disk full, I/O error, read-only file system)")
                .register(registry);
        for (int i = 0; i < TERMS.length; i++) {
            trainLoss[i] = gauge("ordo.loss", "Loss in nats per target token", registry, "split", "train", "term", TERMS[i]);
            evalLoss[i] = gauge("ordo.loss", "Loss in nats per target token", registry, "split", "eval", "term", TERMS[i]);
        }
        step = gauge("ordo.step", "Last optimizer step finished", registry);
        lr = gauge("ordo.learning.rate", "Learning rate of the last step", registry);
        gradNorm = gauge("ordo.gradient.norm", "Global gradient norm of the last step, before clipping", registry);
        accuracy = gauge("ordo.eval.accuracy.ratio", "Exact-match accuracy of the last evaluation (0..1)", registry);
        perplexity = gauge("ordo.eval.perplexity", "Held-out perplexity of the last evaluation (text tasks)", registry);
        checkpointSize = gauge("ordo.checkpoint.size.bytes", "Size of the last checkpoint file", registry);
        checkpointStep = gauge("ordo.checkpoint.step", "Step of the last checkpoint", registry);
        parameters = gauge("ordo.model.parameters", "Model parameters", registry);
        ringEpoch = gauge("ordo.ring.epoch", "Ring epoch this node's workers train in (0: one JVM)", registry);
        rank = gauge("ordo.ring.rank", "Lowest rank among this node's workers", registry);
        world = gauge("ordo.ring.world", "Ranks in the ring (or workers in one JVM)", registry);
        dataWait = Counter.builder("ordo.data.wait").baseUnit("seconds")
                .description("Time the trainer waited for its batches").register(registry);
        dataWaitShare = gauge("ordo.data.wait.share", "Share of the last step's time spent waiting for its batch",
                registry);
        waitingForData = gauge("ordo.waiting.for.data", "1 while a live source sends nothing, else 0", registry);
        idleSeconds = gauge("ordo.data.idle.seconds", "Length of the current stretch without data", registry);
    }

    private static Timer histogram(String name, String description, MeterRegistry registry) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    private static GaugeValue gauge(String name, String description, MeterRegistry registry, String... tags) {
        GaugeValue v = new GaugeValue();
        Gauge.builder(name, v, GaugeValue::get).description(description).tags(tags).strongReference(true)
                .register(registry);
        return v;
    }

    @Override
    public void onStart(long firstStep, long totalSteps, long params) {
        parameters.set(params);
        step.set(firstStep);
        status.started(firstStep, totalSteps);
    }

    @Override
    public void onRing(long epoch, int rank, int world, long step, boolean resumed) {
        status.placed(epoch, rank, world);
        NodeStatus.Placement p = status.placement().orElseThrow();
        this.ringEpoch.set(p.epoch());
        this.rank.set(p.rank());
        this.world.set(p.world());
    }

    @Override
    public void onTrainerFailed(long epoch, int local, String reason) {
        status.failed(epoch, reason);
    }

    @Override
    public void onStep(StepMetrics m) {
        tokens.increment(m.tokens());
        steps.increment();
        if (m.skipped()) {
            skipped.increment();
        }
        stepDuration.record((long) (m.seconds() * 1e9), TimeUnit.NANOSECONDS);
        double[] terms = {m.loss(), m.ntp(), m.top(), m.mtp()};
        for (int i = 0; i < TERMS.length; i++) {
            trainLoss[i].set(terms[i]);
        }
        lr.set(m.lr());
        gradNorm.set(m.gradNorm());
        step.set(m.step());
        dataWait.increment(m.dataWaitSeconds());
        dataWaitShare.set(m.dataWaitShare());
        waitingForData.set(0);
        idleSeconds.set(0);
        status.stepped(m.step());
    }

    @Override
    public void onWaitingForData(double waited) {
        waitingForData.set(1);
        idleSeconds.set(waited);
        status.waitingForData(waited);
    }

    @Override
    public void onEval(EvalResult r) {
        double[] terms = {r.loss(), r.ntp(), r.top(), r.mtp()};
        for (int i = 0; i < TERMS.length; i++) {
            evalLoss[i].set(terms[i]);
        }
        accuracy.set(r.accuracy());
        perplexity.set(r.perplexity());
        evalDuration.record((long) (r.seconds() * 1e9), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onCheckpoint(long at, Path file, double seconds) {
        long bytes = size(file);
        checkpointDuration.record((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
        if (bytes >= 0) {
            checkpointBytes.increment(bytes);
            checkpointSize.set(bytes);
        }
        checkpointStep.set(at);
        status.checkpointed(new NodeStatus.CheckpointInfo(at, file, seconds, bytes));
    }

    @Override
    public void onCheckpointFailed(CheckpointFailure failure) {
        checkpointFailures.increment();
        status.checkpointFailed(failure);
    }

    @Override
    public void onTrainerRestart(long fromStep, Throwable cause) {
        status.restarted(fromStep);
    }

    @Override
    public void onFinish(RunSummary summary) {
        status.finished();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** A double a gauge reads; written by one thread, read by the scraper. */
    private static final class GaugeValue {
        private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));

        void set(double v) {
            bits.set(Double.doubleToLongBits(v));
        }

        double get() {
            return Double.longBitsToDouble(bits.get());
        }
    }
}
