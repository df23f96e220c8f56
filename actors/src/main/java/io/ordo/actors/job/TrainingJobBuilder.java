package io.ordo.actors.job;

import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds a {@link TrainingJob} by name instead of by position: {@link TrainingJob#builder} for a new
 * job, {@link TrainingJob#toBuilder} for a changed copy. The components mean what the record's do;
 * {@link #build} validates. Defaults of the optional ones: natural order, batch 64, data seed 0, no
 * periodic evaluation (500 examples at the end) or checkpoints (only at the end), 3 kept, written
 * asynchronously, no resume, a metrics line every step, no fault injection, one worker,
 * {@link TrainingJob#DEFAULT_EXCHANGE_TIMEOUT}. {@code ordo.job} configuration has defaults of its
 * own ({@code reference.conf}); this builder's serve code that makes jobs directly (tests).
 */
public final class TrainingJobBuilder {
    private TaskSpec task;
    private Objective objective;
    private TargetOrderKind order = TargetOrderKind.NATURAL;
    private ModelConfig model;
    private OptimizerConfig optimizer;
    private int batchSize = 64;
    private long steps;
    private long dataSeed;
    private long evalEvery;
    private int evalExamples = 500;
    private long checkpointEvery;
    private int keepCheckpoints = 3;
    private boolean asyncCheckpoint = true;
    private Path outDir;
    private boolean resume;
    private long logEvery = 1;
    private long failAtStep = -1;
    private int workers = 1;
    private Duration exchangeTimeout = TrainingJob.DEFAULT_EXCHANGE_TIMEOUT;
    private Path initFrom;
    private String config = "";

    TrainingJobBuilder(TaskSpec task, Objective objective, ModelConfig model, OptimizerConfig optimizer, long steps,
                       Path outDir) {
        this.task = task;
        this.objective = objective;
        this.model = model;
        this.optimizer = optimizer;
        this.steps = steps;
        this.outDir = outDir;
    }

    TrainingJobBuilder(TrainingJob j) {
        this(j.task(), j.objective(), j.model(), j.optimizer(), j.steps(), j.outDir());
        order = j.order();
        batchSize = j.batchSize();
        dataSeed = j.dataSeed();
        evalEvery = j.evalEvery();
        evalExamples = j.evalExamples();
        checkpointEvery = j.checkpointEvery();
        keepCheckpoints = j.keepCheckpoints();
        asyncCheckpoint = j.asyncCheckpoint();
        resume = j.resume();
        logEvery = j.logEvery();
        failAtStep = j.failAtStep();
        workers = j.workers();
        exchangeTimeout = j.exchangeTimeout();
        initFrom = j.initFrom();
        config = j.config();
    }

    public TrainingJobBuilder task(TaskSpec v) {
        task = v;
        return this;
    }

    public TrainingJobBuilder objective(Objective v) {
        objective = v;
        return this;
    }

    public TrainingJobBuilder order(TargetOrderKind v) {
        order = v;
        return this;
    }

    public TrainingJobBuilder model(ModelConfig v) {
        model = v;
        return this;
    }

    public TrainingJobBuilder optimizer(OptimizerConfig v) {
        optimizer = v;
        return this;
    }

    public TrainingJobBuilder batchSize(int v) {
        batchSize = v;
        return this;
    }

    public TrainingJobBuilder steps(long v) {
        steps = v;
        return this;
    }

    public TrainingJobBuilder dataSeed(long v) {
        dataSeed = v;
        return this;
    }

    public TrainingJobBuilder evalEvery(long v) {
        evalEvery = v;
        return this;
    }

    public TrainingJobBuilder evalExamples(int v) {
        evalExamples = v;
        return this;
    }

    public TrainingJobBuilder checkpointEvery(long v) {
        checkpointEvery = v;
        return this;
    }

    public TrainingJobBuilder keepCheckpoints(int v) {
        keepCheckpoints = v;
        return this;
    }

    public TrainingJobBuilder asyncCheckpoint(boolean v) {
        asyncCheckpoint = v;
        return this;
    }

    public TrainingJobBuilder outDir(Path v) {
        outDir = v;
        return this;
    }

    public TrainingJobBuilder resume(boolean v) {
        resume = v;
        return this;
    }

    public TrainingJobBuilder logEvery(long v) {
        logEvery = v;
        return this;
    }

    public TrainingJobBuilder failAtStep(long v) {
        failAtStep = v;
        return this;
    }

    public TrainingJobBuilder workers(int v) {
        workers = v;
        return this;
    }

    public TrainingJobBuilder exchangeTimeout(Duration v) {
        exchangeTimeout = v;
        return this;
    }

    /** Safetensors weights a fresh start begins from (null = the seed's initialisation). */
    public TrainingJobBuilder initFrom(Path v) {
        initFrom = v;
        return this;
    }

    /** The configuration the job was read from, rendered ({@link TrainingJob#config}). */
    public TrainingJobBuilder config(String v) {
        config = v;
        return this;
    }

    /** @throws IllegalArgumentException naming what is out of range (the record's checks) */
    public TrainingJob build() {
        return new TrainingJob(task, objective, order, model, optimizer, batchSize, steps, dataSeed, evalEvery,
                evalExamples, checkpointEvery, keepCheckpoints, asyncCheckpoint, outDir, resume, logEvery, failAtStep,
                workers, exchangeTimeout, initFrom, config);
    }
}
