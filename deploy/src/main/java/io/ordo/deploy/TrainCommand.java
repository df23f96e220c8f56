package io.ordo.deploy;

import io.ordo.model.Gpt;
import io.ordo.model.Losses;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.task.CopyTask;
import io.ordo.model.train.TrainStep;
import io.ordo.model.train.Trainer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ordo train}: trains one model in this process. Until the actor pipeline lands, the
 * embedded default job is the copy task (random tokens, a separator, the same tokens again) with
 * the TOP objective; the command and its options stay stable as tasks are added.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on the embedded copy task (default objective: top).")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--objective", defaultValue = "top", converter = ObjectiveConverter.class,
            description = "ntp | top | mtp:N (default: ${DEFAULT-VALUE})")
    Objective objective;

    @Option(names = "--top-window", defaultValue = "16", description = "TOP window W in tokens; 0 = sequence length (default: ${DEFAULT-VALUE})")
    int topWindow;

    @Option(names = "--steps", defaultValue = "300", description = "optimizer steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "sequences per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seq-len", defaultValue = "32", description = "context length T (default: ${DEFAULT-VALUE})")
    int seqLen;

    @Option(names = "--vocab", defaultValue = "32", description = "vocabulary size (default: ${DEFAULT-VALUE})")
    int vocab;

    @Option(names = "--d-model", defaultValue = "64", description = "residual width (default: ${DEFAULT-VALUE})")
    int dModel;

    @Option(names = "--heads", defaultValue = "4", description = "attention heads (default: ${DEFAULT-VALUE})")
    int heads;

    @Option(names = "--layers", defaultValue = "2", description = "transformer blocks (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--lr", defaultValue = "3e-3", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--warmup", defaultValue = "20", description = "warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--seed", defaultValue = "42", description = "model and data seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--log-every", defaultValue = "25", description = "steps between progress lines (default: ${DEFAULT-VALUE})")
    int logEvery;

    @Override
    public Integer call() {
        Objective obj = objective.kind() == Objective.Kind.TOP ? objective.withTopWindow(topWindow) : objective;
        ModelConfig config = new ModelConfig(vocab, seqLen, dModel, heads, layers, ModelConfig.DEFAULT_MLP_RATIO,
                0.0, false, seed);
        OptimizerConfig optim = OptimizerConfig.defaults().withLearningRate(lr).withSchedule(warmup, steps, 0.1);
        PrintWriter out = spec.commandLine().getOut();
        Gpt model = new Gpt(config, obj, DataType.FLOAT);
        Trainer trainer = new Trainer(model, optim);
        CopyTask data = new CopyTask(vocab, seqLen, obj, true, seed);
        out.printf("ordo train: copy task, objective %s, %s, %,d parameters, %d steps of %d x %d tokens%n",
                obj, config, model.params().size(), steps, batch, seqLen);
        long start = System.nanoTime();
        long tokens = 0;
        TrainStep last = null;
        for (int step = 1; step <= steps; step++) {
            last = trainer.step(data.next(batch));
            tokens += last.tokens();
            if (step % logEvery == 0 || step == steps) {
                double secs = (System.nanoTime() - start) / 1e9;
                Losses l = last.losses();
                out.printf("step %5d/%d  loss %.4f (ntp %.4f top %.4f mtp %.4f)  lr %.2e  |g| %.3f  %,.0f tok/s  eta %.0fs%n",
                        step, steps, l.total(), l.ntp(), l.top(), l.mtp(), last.optimizer().lr(),
                        last.optimizer().gradNorm(), tokens / secs, secs / step * (steps - step));
                out.flush();
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        Losses held = model.loss(new CopyTask(vocab, seqLen, obj, true, seed + 1).next(256));
        out.printf("done: %d steps in %.1fs (%,.0f tok/s); held-out NTP loss on the copied half %.4f nats/token "
                + "(floor 0, chance %.2f)%n", steps, secs, tokens / secs, held.ntp(), Math.log(vocab - 1));
        return 0;
    }

    /** Parses {@code ntp | top | mtp:N} with the objective's own error message. */
    static final class ObjectiveConverter implements ITypeConverter<Objective> {
        @Override
        public Objective convert(String value) {
            return Objective.parse(value);
        }
    }
}
