package io.ordo.deploy;

import io.ordo.deploy.config.CheckpointSettings;
import io.ordo.deploy.config.DataSettings;
import io.ordo.deploy.config.LiveSettings;
import io.ordo.deploy.config.ModelSettings;
import io.ordo.deploy.ops.OpsConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of one training run that {@code ordo train} and {@code ordo launch} share (a picocli
 * mixin, beside {@link JobOptions}): config file, live source, objective, target order, RNG seed,
 * checkpoints, run directory, resume, initial weights and the HTTP endpoint. Each but
 * {@code --config} sets one {@code ordo.job} key ({@link #KEYS}).
 */
public final class RunOptions {
    /** Option to the {@code ordo.job} key it sets (below the prefix). */
    public static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("--source", LiveSettings.SOURCE),
            Map.entry("--source-format", LiveSettings.FORMAT),
            Map.entry("--objective", ModelSettings.OBJECTIVE),
            Map.entry("--order", DataSettings.ORDER),
            Map.entry("--seed", JobConfig.SEED),
            Map.entry("--checkpoint-every", CheckpointSettings.EVERY),
            Map.entry("--out", JobConfig.OUT),
            Map.entry("--resume", JobConfig.RESUME),
            Map.entry("--init-from", JobConfig.INIT_FROM),
            Map.entry("--http-port", OpsConfig.PORT_KEY),
            Map.entry("--http-token-file", OpsConfig.TOKEN_FILE_KEY));

    @Option(names = "--config", description = "HOCON file with ordo.job settings (see docs/configuration.md)")
    Path config;

    @Option(names = "--source", description = "live data instead of --task: kafka://HOST:PORT/TOPIC[?group=G] | "
            + "http://HOST:PORT/ingest | tcp://HOST:PORT | stdin | tail:DIR (see README, Live data)")
    String source;

    @Option(names = "--source-format", description = "live records: text | jsonl | jsonl:FIELD (default text)")
    String sourceFormat;

    @Option(names = "--objective", description = "ntp | top | mtp:N")
    String objective;

    @Option(names = "--order", description = "target order: natural | reverse | random | mi")
    String order;

    @Option(names = "--seed", converter = RngSeed.class, description = "model and data seed (an integer)")
    Long seed;

    @Option(names = "--checkpoint-every", description = "steps between checkpoints")
    Long checkpointEvery;

    @Option(names = "--out", description = "run directory (checkpoints, metrics.jsonl, config.conf); on several "
            + "hosts, shared storage so any new rank 0 finds the checkpoints")
    Path out;

    @Option(names = "--resume", description = "continue from the newest valid checkpoint in --out")
    boolean resume;

    @Option(names = "--init-from", description = "start from these safetensors weights (ordo export, or the "
            + "PyTorch peer's); a resumed checkpoint takes precedence")
    Path initFrom;

    @Option(names = "--http-port", description = "metrics, health and dashboard port: 0 = any free port, -1 = off "
            + "(default ordo.job.http.port, 9464)")
    Integer httpPort;

    @Option(names = "--http-token-file", description = "file holding a bearer token every request to the HTTP "
            + "endpoint must carry (also ordo.job.http.token, env ORDO_HTTP_TOKEN); a browser opens /?token=TOKEN once")
    Path httpTokenFile;

    /** The {@code --config} file, or null. */
    public Path config() {
        return config;
    }

    /** Whether {@code --resume} was given. */
    public boolean resume() {
        return resume;
    }

    /** The {@code --http-port}, or null. */
    public Integer httpPort() {
        return httpPort;
    }

    /** The options given (but {@code --config}), by option name, in a stable order; {@code --resume} only when set. */
    public Map<String, Object> given() {
        Map<String, Object> m = new LinkedHashMap<>();
        JobOptions.putIfGiven(m, "--source", source);
        JobOptions.putIfGiven(m, "--source-format", sourceFormat);
        JobOptions.putIfGiven(m, "--objective", objective);
        JobOptions.putIfGiven(m, "--order", order);
        JobOptions.putIfGiven(m, "--seed", seed);
        JobOptions.putIfGiven(m, "--checkpoint-every", checkpointEvery);
        JobOptions.putIfGiven(m, "--out", out);
        JobOptions.putIfGiven(m, "--resume", resume ? Boolean.TRUE : null);
        JobOptions.putIfGiven(m, "--init-from", initFrom);
        JobOptions.putIfGiven(m, "--http-port", httpPort);
        JobOptions.putIfGiven(m, "--http-token-file", httpTokenFile);
        return m;
    }

    /** The options given, as job keys without the {@code ordo.job.} prefix. */
    public Map<String, Object> keys() {
        return JobOptions.keys(given(), KEYS);
    }

    /**
     * The options given (with {@code --config}) as command-line arguments, but those in {@code except}.
     */
    public List<String> args(List<String> except) {
        Map<String, Object> m = given();
        except.forEach(m::remove);
        List<String> args = JobOptions.argsOf(m);
        if (config != null) {
            args.addAll(List.of("--config", config.toString()));
        }
        return args;
    }
}
