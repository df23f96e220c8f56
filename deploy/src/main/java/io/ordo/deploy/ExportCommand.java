package io.ordo.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordo.model.safetensors.GptSafetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ordo export --out RUN [--step N] --format safetensors FILE}: writes a run checkpoint's
 * weights (trunk and every head) as float32 safetensors, named as docs/safetensors.md describes,
 * and {@code config.json} beside them ({@link ExportedConfig}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a run's checkpoint weights as safetensors, with config.json beside them.")
public final class ExportCommand implements Callable<Integer> {
    /** The one format written. */
    static final String SAFETENSORS = "safetensors";

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "run directory")
    Path out;

    @Option(names = "--step", description = "checkpoint step (default: the newest valid checkpoint)")
    Long step;

    @Option(names = "--format", defaultValue = SAFETENSORS, description = "only safetensors (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--reference-logits", description = "also write reference-logits.safetensors beside FILE: fixed "
            + "input ids and Ordo's logits of every head on them, to check another loader against")
    boolean referenceLogits;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .safetensors file to write")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (!SAFETENSORS.equals(format)) {
            throw new IllegalArgumentException("unknown export format '" + format + "'; allowed: " + SAFETENSORS);
        }
        RunDirectory run = RunDirectory.open(out, step);
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        ObjectNode config = ExportedConfig.of(run, target.getFileName().toString());
        ObjectMapper json = new ObjectMapper();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("ordo.config", json.writeValueAsString(config));
        GptSafetensors.write(run.model(), target, metadata);
        Path configFile = target.resolveSibling("config.json");
        Files.writeString(configFile, json.writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n");
        if (referenceLogits) {
            Path probe = target.resolveSibling(ReferenceLogits.FILE_NAME);
            ReferenceLogits.write(run.model(), probe);
            spec.commandLine().getOut().println("reference logits: " + probe);
        }
        spec.commandLine().getOut().println("exported step " + run.meta().step() + " (" + run.job().objective() + ", "
                + run.model().params().size() + " parameters) to " + target + " and " + configFile);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
