package io.ordo.actors;

import io.ordo.actors.job.TaskSpec;
import io.ordo.actors.job.TextOptions;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.report.StepMetrics;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.actors.state.ModelState;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/** Small real training runs (actor system, stream, checkpoints on disk) for the actor tests. */
final class Runs {
    private Runs() {
    }

    static TrainingJob job(Path out, long steps, boolean resume, long failAt) {
        TaskSpec task = TaskSpec.parse("stargraph:2,3,10");
        ModelConfig model = new ModelConfig(task.tokenizer().vocabSize(), task.exampleTokens(), 32, 2, 1, 2, 0.0, false, 5);
        OptimizerConfig opt = OptimizerConfig.defaults().withLearningRate(3e-3);
        return TrainingJob.builder(task, Objective.top(0), model, opt, steps, out).batchSize(8).dataSeed(11)
                .evalExamples(8).checkpointEvery(5).resume(resume).failAtStep(failAt).build();
    }

    /** A byte-level NTP job on the text file or directory {@code corpus}: T = 32, d = 32, one layer. */
    static TrainingJob textJob(Path out, Path corpus, long steps, boolean resume) {
        TaskSpec task = TaskSpec.parse("text:" + corpus, new TextOptions("byte", 32, 0.2));
        ModelConfig model = new ModelConfig(task.tokenizer().vocabSize(), task.exampleTokens(), 32, 2, 1, 2, 0.0, false, 5);
        OptimizerConfig opt = OptimizerConfig.defaults().withLearningRate(1e-2);
        return TrainingJob.builder(task, Objective.ntp(), model, opt, steps, out).batchSize(8).dataSeed(11)
                .evalExamples(16).checkpointEvery(5).resume(resume).build();
    }

    /** The parameters of the newest checkpoint in {@code out}. */
    static float[] finalParams(Path out) throws Exception {
        try (CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), 3)) {
            Checkpoint c = store.loadLatestValid().orElseThrow();
            java.nio.ByteBuffer b = c.sections().stream().filter(s -> s.name().equals(ModelState.PARAMS)).findFirst()
                    .orElseThrow().data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            float[] p = new float[b.remaining() / Float.BYTES];
            b.asFloatBuffer().get(p);
            return p;
        }
    }

    /** Step losses (last value per step wins) and the summary of one run. */
    record Outcome(Map<Long, Double> losses, RunSummary summary) {
    }

    static Outcome run(TrainingJob job) throws Exception {
        return run(job, new FaultInjector(job.failAtStep()));
    }

    static Outcome run(TrainingJob job, FaultInjector faults) throws Exception {
        return run(job, faults, new RunListener() {
        });
    }

    /** As {@link #run(TrainingJob, FaultInjector)}, with {@code also} hearing every run event too. */
    static Outcome run(TrainingJob job, FaultInjector faults, RunListener also) throws Exception {
        Map<Long, Double> losses = new ConcurrentSkipListMap<>();
        RunListener listener = io.ordo.actors.report.RunListeners.of(new RunListener() {
            @Override
            public void onStep(StepMetrics m) {
                losses.put(m.step(), m.loss());
            }
        }, also);
        CompletableFuture<RunSummary> done = new CompletableFuture<>();
        try (CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            java.util.Optional<io.ordo.actors.live.LiveFeed> live =
                    io.ordo.actors.live.LiveFeeds.open(job, TrainerActor.batchConfig(job), job.outDir());
            ActorSystem<Supervisor.Event> system = ActorSystem.create(Supervisor.create(NodePlan.inJvm(job, store, null,
                    faults, live), listener, done), "ordo-test");
            try {
                RunSummary summary = done.get(120, TimeUnit.SECONDS);
                return new Outcome(losses, summary);
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
                live.ifPresent(io.ordo.actors.live.LiveFeed::close);
            }
        }
    }
}
