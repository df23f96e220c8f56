package io.ordo.deploy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.ordo.actors.job.LiveOptions;
import io.ordo.actors.job.LiveSource;
import io.ordo.actors.job.TargetOrderKind;
import io.ordo.actors.job.TaskSpec;
import io.ordo.actors.job.TextOptions;
import io.ordo.actors.job.TrainingJob;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.streams.live.RecordFormat;
import io.ordo.streams.net.BearerToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * HOCON to {@link TrainingJob}: {@code reference.conf} defaults, then {@code application.conf} or
 * {@code --config FILE}, then {@code -D} system properties, then command-line overrides. Unknown
 * keys under {@code ordo.job} fail with the list of known ones.
 */
public final class JobConfig {
    /** The config path all job keys live under. */
    public static final String PREFIX = "ordo.job";

    private JobConfig() {
    }

    /** Resolves the layers; {@code file} may be null. */
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
        Set<String> known = ConfigFactory.defaultReference().getConfig(PREFIX).root().keySet();
        Set<String> unknown = new TreeSet<>(c.getConfig(PREFIX).root().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown config key(s) " + unknown.stream().map(k -> PREFIX + "." + k).toList()
                    + "; known: " + new TreeSet<>(known));
        }
    }

    /** The job the configuration describes. */
    public static TrainingJob job(Config root) {
        Config c = root.getConfig(PREFIX);
        String source = c.getString("source").trim();
        TextOptions text = textOptions(c);
        TaskSpec task;
        if (source.isEmpty()) {
            try {
                task = TaskSpec.parse(c.getString("task"), text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + ".task: " + e.getMessage());
            }
        } else {
            LiveOptions live = liveOptions(c, text.heldOut());
            try {
                task = TaskSpec.live(LiveSource.parse(source, live), text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + ".source: " + e.getMessage());
            }
        }
        TargetOrderKind order;
        Objective objective;
        try {
            order = TargetOrderKind.parse(c.getString("order"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + ".order: " + e.getMessage());
        }
        try {
            objective = Objective.parse(c.getString("objective"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + ".objective: " + e.getMessage());
        }
        if (task.isText() && order != TargetOrderKind.NATURAL) {
            throw new IllegalArgumentException(PREFIX + ".order = " + order + " reorders task targets; a text task "
                    + "allows only: natural");
        }
        if (objective.kind() == Objective.Kind.TOP) {
            objective = objective.withTopWindow(JobKeys.intAtLeast(c, "top-window", 0));
        }
        long seed = c.getLong("seed");
        int dModel = JobKeys.intAtLeast(c, "d-model", 1);
        int heads = JobKeys.intAtLeast(c, "heads", 1);
        JobKeys.checkHeadsDivide(dModel, heads);
        ModelConfig model = new ModelConfig(task.tokenizer().vocabSize(), task.exampleTokens(), dModel, heads,
                JobKeys.intAtLeast(c, "layers", 1), JobKeys.intAtLeast(c, "mlp-ratio", 1), dropout(c), false, seed);
        long steps = JobKeys.longAtLeast(c, "steps", 1);
        int batch = JobKeys.intAtLeast(c, "batch", 1);
        OptimizerConfig optimizer = OptimizerConfig.defaults().withLearningRate(JobKeys.number(c, "lr", true))
                .withWeightDecay(JobKeys.number(c, "weight-decay", false))
                .withGradClipNorm(JobKeys.number(c, "grad-clip", false))
                .withSchedule(Math.min(JobKeys.longAtLeast(c, "warmup", 0), steps - 1), steps,
                        JobKeys.fraction(c, "min-lr-ratio"));
        return TrainingJob.builder(task, objective, model, optimizer, steps, Path.of(c.getString("out")))
                .order(order)
                .batchSize(batch)
                .dataSeed(seed)
                .evalEvery(JobKeys.longAtLeast(c, "eval-every", 0))
                .evalExamples(JobKeys.intAtLeast(c, "eval-examples", 0))
                .checkpointEvery(JobKeys.longAtLeast(c, "checkpoint-every", 0))
                .keepCheckpoints(JobKeys.intAtLeast(c, "keep-checkpoints", 1))
                .asyncCheckpoint(c.getBoolean("async-checkpoint"))
                .resume(c.getBoolean("resume"))
                .logEvery(JobKeys.longAtLeast(c, "log-every", 1))
                .failAtStep(c.getLong("fail-at-step"))
                .workers(workers(c, batch))
                .exchangeTimeout(c.getDuration("exchange-timeout"))
                .initFrom(c.getString("init-from").isBlank() ? null : Path.of(c.getString("init-from").trim()))
                .build();
    }

    /**
     * {@code workers}: a count, or {@code auto} = the largest divisor of the batch that is at most
     * the available processors (one single-thread trainer per core: on the tiny bench config two
     * such trainers step 1.28x faster than the PyTorch peer on two threads, see the README).
     */
    static int workers(Config c, int batch) {
        String value = c.getString("workers").trim();
        if (value.equalsIgnoreCase("auto")) {
            return autoWorkers(batch, Runtime.getRuntime().availableProcessors());
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + ".workers = '" + value + "'; allowed: auto or a positive integer "
                    + "that divides the batch (" + batch + ")");
        }
    }

    /** The largest divisor of {@code batch} that is at most {@code processors} (at least 1). */
    static int autoWorkers(int batch, int processors) {
        for (int w = Math.max(1, Math.min(batch, processors)); w > 1; w--) {
            if (batch % w == 0) {
                return w;
            }
        }
        return 1;
    }

    /**
     * The live-source keys; each error names its key and the allowed values.
     *
     * @param heldOut the validated {@code text-held-out}
     */
    static LiveOptions liveOptions(Config c, double heldOut) {
        RecordFormat format;
        try {
            format = RecordFormat.parse(c.getString("source-format"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + ".source-format: " + e.getMessage());
        }
        Duration linger = positive(c, "source-linger");
        Duration heartbeat = positive(c, "source-heartbeat");
        if (heartbeat.compareTo(c.getDuration("exchange-timeout")) >= 0) {
            throw new IllegalArgumentException(PREFIX + ".source-heartbeat = " + heartbeat + "; allowed: shorter than "
                    + PREFIX + ".exchange-timeout (" + c.getDuration("exchange-timeout") + "), or idle ranks look dead");
        }
        String fsync = c.getString("spool-fsync").trim().toLowerCase(Locale.ROOT);
        if (!fsync.equals("always") && !fsync.equals("none")) {
            throw new IllegalArgumentException(PREFIX + ".spool-fsync = '" + fsync + "'; allowed: always | none");
        }
        long maxRecord = c.getBytes("max-record-bytes");
        if (maxRecord < 1 || maxRecord > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(PREFIX + ".max-record-bytes = " + maxRecord + "; allowed: 1 .. 2GiB");
        }
        int lanes = c.getInt("spool-lanes");
        if (lanes < 0) {
            throw new IllegalArgumentException(PREFIX + ".spool-lanes = " + lanes + "; allowed: 0 (one per worker) or more");
        }
        long segment = c.getBytes("spool-segment");
        long cap = c.getBytes("spool-cap");
        if (segment < maxRecord + 8 || cap < 2 * segment) {
            throw new IllegalArgumentException(PREFIX + ".spool-segment = " + segment + ", spool-cap = " + cap
                    + ", max-record-bytes = " + maxRecord + "; allowed: spool-segment >= max-record-bytes + 8 and "
                    + "spool-cap >= 2 x spool-segment");
        }
        String token = c.getString("ingest-token");
        if (token.isEmpty() && System.getenv("ORDO_INGEST_TOKEN") != null) {
            token = System.getenv("ORDO_INGEST_TOKEN").strip();
        }
        try {
            BearerToken.of(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + ".ingest-token (or ORDO_INGEST_TOKEN): " + e.getMessage()
                    + "; allowed: one word of printable characters, e.g. from openssl rand -hex 32");
        }
        return new LiveOptions(format, linger, heartbeat, token, (int) maxRecord, lanes, cap, segment, fsync,
                heldOut, c.getBoolean("source-ledger"));
    }

    private static Duration positive(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(PREFIX + "." + key + " = " + d + "; allowed: a positive duration, e.g. 200ms");
        }
        return d;
    }

    /** {@code text-*} keys; each error names its key and the allowed values. */
    private static TextOptions textOptions(Config c) {
        String tokenizer = c.getString("text-tokenizer").trim().toLowerCase(Locale.ROOT);
        if (!TextOptions.TOKENIZERS.contains(tokenizer)) {
            throw new IllegalArgumentException(PREFIX + ".text-tokenizer = '" + tokenizer + "' is unknown; allowed: "
                    + String.join(", ", TextOptions.TOKENIZERS));
        }
        int seqLen = c.getInt("text-seq-len");
        if (seqLen < 2) {
            throw new IllegalArgumentException(PREFIX + ".text-seq-len = " + seqLen + "; allowed: an integer >= 2");
        }
        double heldOut = c.getDouble("text-held-out");
        if (!(heldOut > 0 && heldOut < 1)) {
            throw new IllegalArgumentException(PREFIX + ".text-held-out = " + heldOut + "; allowed: a fraction in (0, 1)");
        }
        return new TextOptions(tokenizer, seqLen, heldOut);
    }

    private static double dropout(Config c) {
        double p = c.getDouble("dropout");
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(PREFIX + ".dropout = " + p + "; allowed: a probability in [0, 1)");
        }
        return p;
    }

    /** Keys whose values are secrets: {@link #render} writes {@value #REDACTED} instead. */
    static final List<String> SECRETS = List.of("ingest-token", "http-token");
    /** What {@link #render} writes for a secret (a config reusing it fails closed: no client has that token). */
    static final String REDACTED = "<redacted>";

    /**
     * The resolved {@code ordo.job} section as HOCON, saved with each run; {@code workers = auto}
     * is written as the count it resolved to on this machine, and secrets ({@link #SECRETS}) as
     * {@value #REDACTED}: {@code config.conf} is shown on the dashboard and may sit on shared storage.
     */
    public static String render(Config root) {
        Config c = root.getConfig(PREFIX);
        c = c.withValue("workers", ConfigValueFactory.fromAnyRef(workers(c, c.getInt("batch"))));
        for (String secret : SECRETS) {
            if (!c.getString(secret).isEmpty()) {
                c = c.withValue(secret, ConfigValueFactory.fromAnyRef(REDACTED));
            }
        }
        return c.atPath(PREFIX).root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }
}
