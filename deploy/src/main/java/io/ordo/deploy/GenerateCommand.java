package io.ordo.deploy;

import io.ordo.actors.job.TaskSpec;
import io.ordo.model.generate.Generator;
import io.ordo.model.generate.Sampling;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ordo generate --out DIR --prompt TEXT}: continues a prompt with a run's newest checkpoint. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate from a run's newest checkpoint.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "run directory")
    Path out;

    @Option(names = "--init-from", description = "generate from these safetensors weights (ordo export, or the PyTorch "
            + "peer's) with the run's task and settings, instead of its newest checkpoint")
    Path initFrom;

    @Option(names = "--prompt", description = "prompt text (default: the first held-out example's prompt)")
    String prompt;

    @Option(names = "--tokens", defaultValue = "0", description = "tokens to generate (default: up to the context length)")
    int tokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "0 = off (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    /** The first held-out prompt (generated tasks) or the start of the first held-out line (text). */
    private static String defaultPrompt(TaskSpec task, long seed, int seqLen) {
        if (!task.isText()) {
            return task.test(seed).example(0).prompt();
        }
        var rows = task.corpus().heldOutRows(seqLen, 1, 1);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the text corpus has no held-out text to prompt with; pass --prompt");
        }
        return task.tokenizer().decode(rows.get(0).tokens(), 0, Math.max(1, seqLen / 4));
    }

    @Override
    public Integer call() throws Exception {
        RunDirectory run = initFrom != null ? RunDirectory.withWeights(out, initFrom) : RunDirectory.open(out);
        var tokenizer = run.job().task().tokenizer();
        String text = prompt != null ? prompt : defaultPrompt(run.job().task(), run.job().dataSeed(), run.job().model().seqLen());
        int[] ids = tokenizer.encode(text);
        int n = tokens > 0 ? tokens : run.job().model().seqLen() - ids.length;
        int[] generated = new Generator(run.model()).generate(ids, n, new Sampling(temperature, topK), seed);
        spec.commandLine().getOut().println(text + tokenizer.decode(generated));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
