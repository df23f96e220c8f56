package io.ordo.deploy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.ordo.actors.job.TrainingJob;
import io.ordo.deploy.config.CheckpointSettings;
import io.ordo.deploy.config.DataSettings;
import io.ordo.deploy.config.EvalSettings;
import io.ordo.deploy.config.JobKeys;
import io.ordo.deploy.config.LiveSettings;
import io.ordo.deploy.config.ModelSettings;
import io.ordo.deploy.config.MovedKeys;
import io.ordo.deploy.config.OptimizerSettings;
import io.ordo.deploy.config.ParallelSettings;
import io.ordo.deploy.ops.OpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * HOCON to {@link TrainingJob}: {@code reference.conf} defaults, then {@code application.conf} or
 * {@code --config FILE}, then {@code -D} system properties, then command-line overrides. The keys
 * are grouped ({@code ordo.job.model.d-model}, {@code ordo.job.optimizer.lr}, see
 * {@code docs/configuration.md}); each group is read by its settings record in
 * {@link io.ordo.deploy.config}. Unknown keys under {@code ordo.job} fail with the list of known
 * ones, the flat keys of ordo 0.1 with the name of their new key.
 */
public final class JobConfig {
    /** The config path all job keys live under. */
    public static final String PREFIX = JobKeys.PREFIX;
    /** Top-level job keys (below {@value #PREFIX}) that belong to no group. */
    public static final String STEPS = "steps";
    public static final String BATCH = "batch";
    public static final String SEED = "seed";
    public static final String OUT = "out";
    public static final String RESUME = "resume";
    public static final String INIT_FROM = "init-from";
    public static final String LOG_EVERY = "log-every";
    public static final String FAIL_AT_STEP = "fail-at-step";

    private JobConfig() {
    }

    /** Resolves the layers; {@code file} may be null. {@code overrides} are full paths ({@code ordo.job.model.layers}). */
    public static Config load(Path file, Map<String, Object> overrides) {
        Config base = file == null ? ConfigFactory.load() : ConfigFactory.systemProperties()
                .withFallback(parseFile(file)).withFallback(ConfigFactory.load());
        Config resolved = ConfigFactory.parseMap(overrides).withFallback(base).resolve();
        checkKnownKeys(resolved);
        return resolved;
    }

    /** A {@code --config} file: it must exist and be a readable HOCON file (a missing one is an error, not empty). */
    static Config parseFile(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--config " + file + " does not exist; allowed: a HOCON file with "
                    + PREFIX + " settings");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("--config " + file + " is not a readable file; allowed: a HOCON file "
                    + "with " + PREFIX + " settings");
        }
        return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }

    static void checkKnownKeys(Config c) {
        MovedKeys.checkKnown(c);
    }

    /** The job the configuration describes. */
    public static TrainingJob job(Config root) {
        Config c = root.getConfig(PREFIX);
        long steps = JobKeys.longAtLeast(c, STEPS, 1);
        int batch = JobKeys.intAtLeast(c, BATCH, 1);
        long seed = c.getLong(SEED);
        ParallelSettings parallel = ParallelSettings.from(c, batch);
        DataSettings data = DataSettings.from(c, parallel.exchangeTimeout());
        ModelSettings model = ModelSettings.from(c);
        OptimizerSettings optimizer = OptimizerSettings.from(c);
        EvalSettings eval = EvalSettings.from(c);
        CheckpointSettings checkpoint = CheckpointSettings.from(c);
        String initFrom = c.getString(INIT_FROM).trim();
        return TrainingJob.builder(data.task(), model.objective(),
                        model.toModel(data.task().tokenizer().vocabSize(), data.task().exampleTokens(), seed),
                        optimizer.toOptimizer(steps), steps, Path.of(c.getString(OUT)))
                .order(data.order())
                .batchSize(batch)
                .dataSeed(seed)
                .evalEvery(eval.every())
                .evalExamples(eval.examples())
                .checkpointEvery(checkpoint.every())
                .keepCheckpoints(checkpoint.keep())
                .asyncCheckpoint(checkpoint.async())
                .resume(c.getBoolean(RESUME))
                .logEvery(JobKeys.longAtLeast(c, LOG_EVERY, 1))
                .failAtStep(c.getLong(FAIL_AT_STEP))
                .workers(parallel.workers())
                .exchangeTimeout(parallel.exchangeTimeout())
                .initFrom(initFrom.isEmpty() ? null : Path.of(initFrom))
                .config(render(root))
                .build();
    }

    /** The largest divisor of {@code batch} that is at most {@code processors} (at least 1). */
    static int autoWorkers(int batch, int processors) {
        return ParallelSettings.autoWorkers(batch, processors);
    }

    /** Keys whose values are secrets: {@link #render} writes {@value #REDACTED} instead. */
    static final List<String> SECRETS = List.of(LiveSettings.INGEST_TOKEN, OpsConfig.TOKEN_KEY);
    /** What {@link #render} writes for a secret (a config reusing it fails closed: no client has that token). */
    static final String REDACTED = "<redacted>";

    /**
     * The resolved {@code ordo.job} section as HOCON, saved with each run ({@code config.conf}) and
     * in its checkpoints; {@code parallel.workers = auto} is written as the count it resolved to on
     * this machine, and secrets ({@link #SECRETS}) as {@value #REDACTED}: {@code config.conf} is
     * shown on the dashboard and may sit on shared storage.
     */
    public static String render(Config root) {
        Config c = root.getConfig(PREFIX);
        c = c.withValue(ParallelSettings.WORKERS, ConfigValueFactory.fromAnyRef(
                ParallelSettings.workers(c, c.getInt(BATCH))));
        for (String secret : SECRETS) {
            if (!c.getString(secret).isEmpty()) {
                c = c.withValue(secret, ConfigValueFactory.fromAnyRef(REDACTED));
            }
        }
        return c.atPath(PREFIX).root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }
}
