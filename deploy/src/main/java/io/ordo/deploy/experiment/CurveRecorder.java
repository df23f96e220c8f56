package io.ordo.deploy.experiment;

import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.RunListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects one arm's evaluations (with those from before an interruption when it resumed) and prints
 * one line per evaluation, tagged with the arm and seed.
 */
final class CurveRecorder implements RunListener {
    private final String tag;
    private final PrintWriter out;
    private final List<EvalResult> evals = new ArrayList<>();

    CurveRecorder(String tag, PrintWriter out) {
        this.tag = tag;
        this.out = out;
    }

    /** Evaluations of the arm's run before it was interrupted (a step the run evaluates again takes the new one). */
    synchronized void before(List<EvalResult> earlier) {
        evals.addAll(earlier);
        if (!earlier.isEmpty()) {
            out.printf("  [%s] %d evaluation(s) from before the interruption, steps %d..%d%n", tag, earlier.size(),
                    earlier.stream().mapToLong(EvalResult::step).min().getAsLong(),
                    earlier.stream().mapToLong(EvalResult::step).max().getAsLong());
            out.flush();
        }
    }

    @Override
    public synchronized void onStart(long firstStep, long totalSteps, long parameters) {
        if (firstStep > 0) {
            out.printf("  [%s] resumed at step %d of %d from its checkpoint%n", tag, firstStep, totalSteps);
            out.flush();
        }
    }

    @Override
    public synchronized void onEval(EvalResult r) {
        evals.add(r);
        String metric = r.isText() ? String.format("held-out perplexity %.3f", r.perplexity())
                : String.format("exact match %5.1f%%", 100 * r.accuracy());
        out.printf("  [%s] step %6d: %s, held-out loss %.4f (ntp %.4f)%n", tag, r.step(), metric, r.loss(), r.ntp());
        out.flush();
    }

    @Override
    public synchronized void onTrainerRestart(long fromStep, Throwable cause) {
        out.printf("  [%s] trainer restarted from the checkpoint at step %d: %s%n", tag, fromStep, cause);
        out.flush();
    }

    /** The evaluations so far; a restart may repeat a step, the later evaluation wins. */
    synchronized List<EvalResult> curve() {
        return Curve.latestPerStep(evals);
    }
}
