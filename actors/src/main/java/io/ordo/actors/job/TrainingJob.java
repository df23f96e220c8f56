package io.ordo.actors.job;

import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything one training run needs, resolved from configuration (HOCON in {@code deploy}).
 *
 * @param task            what to train on
 * @param objective       ntp | top | mtp:N
 * @param order           target order (natural, reverse, random, mi)
 * @param model           model shape; its seqLen equals the task's example length
 * @param optimizer       AdamW and schedule
 * @param batchSize       sequences per step
 * @param steps           optimizer steps in total
 * @param dataSeed        generator seed (train and test splits derive from it)
 * @param evalEvery       steps between evaluations (0 = only at the end)
 * @param evalExamples    held-out examples per evaluation
 * @param checkpointEvery steps between checkpoints (0 = only at shutdown)
 * @param keepCheckpoints checkpoints kept on disk
 * @param asyncCheckpoint write checkpoints on a background thread
 * @param outDir          run directory: checkpoints/, metrics.jsonl, config
 * @param resume          start from the newest valid checkpoint in outDir
 * @param logEvery        steps between metrics lines and progress updates
 * @param failAtStep      fault injection: the first trainer worker to reach this step throws once (-1 = never)
 * @param workers         data-parallel trainers in this JVM, one thread each (default 1), 1..batchSize;
 *                        worker w of W reads rows [w*B/W, (w+1)*B/W) of every global batch of B rows
 * @param exchangeTimeout how long a worker waits for the others in the gradient exchange before the
 *                        step fails (and the workers restart from the last checkpoint)
 * @param initFrom        safetensors weights a fresh start begins from instead of the seed's
 *                        initialisation (null = none); a resumed checkpoint takes precedence
 * @param config          the configuration the job was read from, rendered (HOCON of {@code ordo.job}),
 *                        which checkpoints record; "" for a job built in code
 */
public record TrainingJob(TaskSpec task, Objective objective, TargetOrderKind order, ModelConfig model,
                          OptimizerConfig optimizer, int batchSize, long steps, long dataSeed, long evalEvery,
                          int evalExamples, long checkpointEvery, int keepCheckpoints, boolean asyncCheckpoint,
                          Path outDir, boolean resume, long logEvery, long failAtStep, int workers,
                          Duration exchangeTimeout, Path initFrom, String config) {

    /** Default of {@link #exchangeTimeout}: far above any step's time, far below "hung". */
    public static final Duration DEFAULT_EXCHANGE_TIMEOUT = Duration.ofSeconds(60);

    public TrainingJob {
        java.util.List<String> bad = new java.util.ArrayList<>();
        need(bad, batchSize >= 1, "batchSize >= 1", batchSize);
        need(bad, steps >= 1, "steps >= 1", steps);
        need(bad, evalEvery >= 0, "evalEvery >= 0", evalEvery);
        need(bad, evalExamples >= 0, "evalExamples >= 0", evalExamples);
        need(bad, checkpointEvery >= 0, "checkpointEvery >= 0", checkpointEvery);
        need(bad, keepCheckpoints >= 1, "keepCheckpoints >= 1", keepCheckpoints);
        need(bad, logEvery >= 1, "logEvery >= 1", logEvery);
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("training job needs " + String.join(", ", bad)
                    + " (in the configuration: ordo.job.batch, steps, eval.every, eval.examples, checkpoint.every, "
                    + "checkpoint.keep, log-every)");
        }
        config = config == null ? "" : config;
        if (workers < 1 || workers > batchSize) {
            throw new IllegalArgumentException("workers must be in 1..batch (" + batchSize + ") so each has a row; got "
                    + workers);
        }
        if (exchangeTimeout.isNegative() || exchangeTimeout.isZero()) {
            throw new IllegalArgumentException("exchange timeout must be positive, got " + exchangeTimeout);
        }
        if (model.seqLen() < task.exampleTokens()) {
            throw new IllegalArgumentException("model seqLen " + model.seqLen() + " is shorter than the task's "
                    + task.exampleTokens() + " tokens per example");
        }
    }

    private static void need(java.util.List<String> bad, boolean ok, String rule, long value) {
        if (!ok) {
            bad.add(rule + " (got " + value + ")");
        }
    }

    /**
     * A job with these required parts and the builder's defaults for the rest
     * ({@link TrainingJobBuilder}).
     */
    public static TrainingJobBuilder builder(TaskSpec task, Objective objective, ModelConfig model,
                                             OptimizerConfig optimizer, long steps, Path outDir) {
        return new TrainingJobBuilder(task, objective, model, optimizer, steps, outDir);
    }

    /** A builder holding this job, to change some of its parts. */
    public TrainingJobBuilder toBuilder() {
        return new TrainingJobBuilder(this);
    }

    /** The same job evaluating on {@code examples} held-out examples. */
    public TrainingJob withEvalExamples(int examples) {
        return toBuilder().evalExamples(examples).build();
    }

    /** The same job on {@code n} data-parallel workers (same total batch). */
    public TrainingJob withWorkers(int n) {
        return toBuilder().workers(n).build();
    }

    /** The same job with another model shape (e.g. dropout on). */
    public TrainingJob withModel(ModelConfig m) {
        return toBuilder().model(m).build();
    }

    /** Whether the run evaluates after {@code step}: every {@code evalEvery} steps and at the last. */
    public boolean evaluatesAt(long step) {
        return step >= steps || evalEvery > 0 && step % evalEvery == 0;
    }

    /** Tokens one step trains on a task or corpus: the global batch of sequence-length rows (a live step varies). */
    public int tokensPerStep() {
        return batchSize * model.seqLen();
    }

    public Path checkpointDir() {
        return outDir.resolve("checkpoints");
    }

    public Path metricsFile() {
        return outDir.resolve("metrics.jsonl");
    }
}
