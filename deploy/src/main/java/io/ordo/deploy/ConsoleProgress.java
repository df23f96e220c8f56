package io.ordo.deploy;

import io.ordo.actors.report.CheckpointFailure;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.report.StepMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar (step, losses, tokens/s, ETA) plus one line per evaluation and a final summary. */
final class ConsoleProgress implements RunListener {
    private final PrintWriter out;
    private ProgressBar bar;
    private long tokens;
    private final long startNanos = System.nanoTime();
    private final IdleNotice idle = new IdleNotice();

    ConsoleProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void onStart(long firstStep, long totalSteps, long parameters) {
        out.printf("%,d parameters, steps %d..%d%n", parameters, firstStep + 1, totalSteps);
        out.flush();
        bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps).startsFrom(firstStep, java.time.Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().setUnit(" steps", 1)
                .continuousUpdate().build();
    }

    @Override
    public synchronized void onStep(StepMetrics m) {
        tokens += m.tokens();
        if (bar != null) {
            double secs = (System.nanoTime() - startNanos) / 1e9;
            bar.stepTo(m.step());
            bar.setExtraMessage(String.format(" loss %.3f ntp %.3f top %.3f mtp %.3f %,.0f tok/s",
                    m.loss(), m.ntp(), m.top(), m.mtp(), tokens / secs));
        }
    }

    @Override
    public synchronized void onLiveSource(String description) {
        out.println("live source: " + description);
        out.flush();
    }

    @Override
    public synchronized void onWaitingForData(double idleSeconds) {
        if (idle.due(idleSeconds)) {
            println(IdleNotice.line(idleSeconds));
        }
    }

    @Override
    public synchronized void onEval(EvalResult r) {
        println("eval step " + r.step() + ": " + r.describe());
    }

    /** A line above the progress bar. */
    private void println(String line) {
        if (bar != null) {
            bar.pause();
        }
        out.println();
        out.println(line);
        out.flush();
        if (bar != null) {
            bar.resume();
        }
    }

    @Override
    public synchronized void onCheckpoint(long step, Path file, double seconds) {
    }

    @Override
    public synchronized void onCheckpointFailed(CheckpointFailure failure) {
        println(CheckpointNotices.failed(failure));
    }

    @Override
    public synchronized void onCheckpointSkipped(Path file, String reason, long resumedStep) {
        println(CheckpointNotices.skipped(reason, resumedStep));
    }

    @Override
    public synchronized void onTrainerRestart(long fromStep, Throwable cause) {
        out.printf("%ntrainer restarted from the checkpoint at step %d%n", fromStep);
        out.flush();
    }

    @Override
    public synchronized void onFinish(RunSummary s) {
        if (bar != null) {
            bar.close();
        }
        EvalResult r = s.finalEval();
        out.printf("done: %d steps in %.1fs (%,.0f tok/s), %d restart(s); final %s, held-out loss %.4f%s%n",
                s.steps(), s.seconds(), s.tokens() / Math.max(1e-9, s.seconds()), s.restarts(),
                r.isText() ? String.format("held-out perplexity %.3f", r.perplexity())
                        : String.format("exact match %.1f%%", 100 * r.accuracy()), r.loss(), s.describeBadInput());
        out.flush();
    }
}
