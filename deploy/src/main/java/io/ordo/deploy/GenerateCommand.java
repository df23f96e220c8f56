package io.ordo.deploy;

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

    @Override
    public Integer call() throws Exception {
        RunDirectory run = RunDirectory.open(out);
        var tokenizer = run.job().task().tokenizer();
        String text = prompt != null ? prompt : run.job().task().test(run.job().dataSeed()).example(0).prompt();
        int[] ids = tokenizer.encode(text);
        int n = tokens > 0 ? tokens : run.job().model().seqLen() - ids.length;
        int[] generated = new Generator(run.model()).generate(ids, n, new Sampling(temperature, topK), seed);
        spec.commandLine().getOut().println(text + tokenizer.decode(generated));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
