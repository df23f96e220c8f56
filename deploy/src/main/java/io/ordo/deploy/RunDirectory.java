package io.ordo.deploy;

import com.typesafe.config.ConfigFactory;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.Evaluator;
import io.ordo.actors.TrainerActor;
import io.ordo.actors.eval.HeldOut;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.state.ModelState;
import io.ordo.deploy.config.MovedKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordo.model.Gpt;
import io.ordo.model.safetensors.GptSafetensors;
import io.ordo.streams.mi.TargetOrder;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointFormat;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.checkpoint.CorruptCheckpointException;
import io.ordo.checkpoint.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A finished (or stopped) run's directory: its resolved config and a checkpoint (the newest valid one
 * when opened), as a model.
 */
public record RunDirectory(TrainingJob job, Gpt model, ModelState.Meta meta) {

    /**
     * Makes {@code job}'s output directory the home of a new run (or of the resumed one): refuses a
     * directory that already holds checkpoints unless the job resumes, and a resume whose checkpoints
     * or model shape do not fit ({@link ResumeCheck}), then writes its resolved config.
     */
    public static void claim(TrainingJob job, CheckpointStore store, String resolvedConfig) throws IOException {
        if (!job.resume() && !store.list().isEmpty()) {
            throw new IllegalStateException("output directory " + job.outDir() + " already holds checkpoints; "
                    + "pass --resume to continue that run or choose another --out");
        }
        if (job.resume()) {
            ResumeCheck.check(job, store);
        }
        Files.writeString(job.outDir().resolve("config.conf"), resolvedConfig);
    }

    static RunDirectory open(Path dir) throws Exception {
        return open(dir, null);
    }

    /**
     * The run in {@code dir} with checkpoint {@code step}, or its newest valid checkpoint when
     * {@code step} is null; a missing or corrupt checkpoint of that step is a one-line error.
     */
    static RunDirectory open(Path dir, Long step) throws Exception {
        TrainingJob job = jobOf(dir);
        if (step != null) {
            Path file = dir.resolve("checkpoints").resolve(CheckpointStore.fileName(step));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no checkpoint of step " + step + " in " + dir.resolve("checkpoints")
                        + "; omit --step for the newest valid one");
            }
            try {
                return of(job, CheckpointFormat.read(file));
            } catch (CorruptCheckpointException e) {
                throw new IllegalArgumentException(e.getMessage() + "; omit --step for the newest valid one");
            }
        }
        try (CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"), job.keepCheckpoints())) {
            LoadResult found = store.findLatestValid();
            Checkpoint c = found.checkpoint().orElseThrow(() -> new IllegalArgumentException("no valid checkpoint in "
                    + dir.resolve("checkpoints") + (found.skipped().isEmpty() ? "" : " (" + found.skipped().get(0).reason()
                    + ")")));
            return of(job, c);
        }
    }

    /**
     * The job a run directory's {@code config.conf} describes (no checkpoint is read); one written by
     * ordo 0.1 with flat keys is read with its keys moved to their groups ({@link MovedKeys}).
     */
    public static TrainingJob jobOf(Path dir) {
        Path conf = dir.resolve("config.conf");
        if (!Files.isRegularFile(conf)) {
            throw new IllegalArgumentException(dir + " is not a run directory (no config.conf)");
        }
        var config = MovedKeys.migrate(ConfigFactory.parseFile(conf.toFile())).withFallback(ConfigFactory.load())
                .resolve();
        JobConfig.checkKnownKeys(config);
        return JobConfig.job(config);
    }

    /**
     * The run in {@code dir} (its job: task, shape, eval settings) with the weights of safetensors
     * file {@code weights} instead of a checkpoint, at step 0. The MI target order, if any, comes
     * from the {@code config.json} beside the file ({@code ordo export} writes it there).
     */
    static RunDirectory withWeights(Path dir, Path weights) throws IOException {
        TrainingJob job = jobOf(dir);
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("--init-from " + weights + " is not a file; pass a .safetensors file "
                    + "written by 'ordo export' or the PyTorch peer");
        }
        Gpt model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
        GptSafetensors.load(weights, model);
        TargetOrder order = null;
        Path config = weights.toAbsolutePath().resolveSibling("config.json");
        if (Files.isRegularFile(config)) {
            JsonNode node = new ObjectMapper().readTree(config.toFile()).get("target_order");
            if (node != null && !node.isNull()) {
                order = new ObjectMapper().treeToValue(node, TargetOrder.class);
            }
        }
        ModelState.Meta meta = new ModelState.Meta(0, DataType.FLOAT.name(), model.params().size(), null, order,
                null, null, null, job.config());
        return new RunDirectory(job, model, meta);
    }

    /** {@code job}'s model as checkpoint {@code c} holds it. */
    public static RunDirectory of(TrainingJob job, Checkpoint c) {
        Gpt model = new Gpt(job.model(), job.objective(), DataType.FLOAT);
        ModelState.Meta meta = ModelState.restore(c, model, null);
        return new RunDirectory(job, model, meta);
    }

    /** Evaluates this checkpoint on the held-out split as the run's evaluator does, with {@code evalJob}'s settings. */
    public EvalResult evaluate(TrainingJob evalJob) {
        Gpt replica = new Gpt(evalJob.model(), evalJob.objective(), DataType.FLOAT);
        return Evaluator.evaluate(evalJob, replica, HeldOut.of(evalJob, TrainerActor.batchConfig(evalJob)),
                new Evaluator.Evaluate(meta.step(), model.params().values(), meta.order(), null));
    }
}
