package io.ordo.deploy.config;

import static io.ordo.deploy.config.JobKeys.PREFIX;
import static io.ordo.deploy.config.JobKeys.path;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The flat {@code ordo.job} keys of Ordo before 0.2, and the grouped keys that replaced them
 * ({@code ordo.job.lr} is now {@code ordo.job.optimizer.lr}). Settings a user writes (a
 * {@code --config} file, {@code -D}, {@code application.conf}) with an old key fail with a line
 * naming the new one; a run directory's {@code config.conf} or an experiment's
 * {@code experiment.json} written with the old keys are read by moving them ({@link #migrate}).
 */
public final class MovedKeys {
    /** Old key (below {@code ordo.job}) to new key, in {@code reference.conf} order. */
    public static final Map<String, String> OLD_TO_NEW = table(
            "task", DataSettings.TASK,
            "order", DataSettings.ORDER,
            "text-tokenizer", DataSettings.TEXT_TOKENIZER,
            "text-seq-len", DataSettings.TEXT_SEQ_LEN,
            "text-held-out", DataSettings.TEXT_HELD_OUT,
            "source", LiveSettings.SOURCE,
            "source-format", LiveSettings.FORMAT,
            "source-linger", LiveSettings.LINGER,
            "source-heartbeat", LiveSettings.HEARTBEAT,
            "ingest-token", LiveSettings.INGEST_TOKEN,
            "max-record-bytes", LiveSettings.MAX_RECORD_BYTES,
            "spool-lanes", LiveSettings.SPOOL_LANES,
            "spool-cap", LiveSettings.SPOOL_CAP,
            "spool-segment", LiveSettings.SPOOL_SEGMENT,
            "source-ledger", LiveSettings.LEDGER,
            "spool-fsync", LiveSettings.SPOOL_FSYNC,
            "objective", ModelSettings.OBJECTIVE,
            "top-window", ModelSettings.TOP_WINDOW,
            "d-model", ModelSettings.D_MODEL,
            "heads", ModelSettings.HEADS,
            "layers", ModelSettings.LAYERS,
            "mlp-ratio", ModelSettings.MLP_RATIO,
            "dropout", ModelSettings.DROPOUT,
            "lr", OptimizerSettings.LR,
            "warmup", OptimizerSettings.WARMUP,
            "min-lr-ratio", OptimizerSettings.MIN_LR_RATIO,
            "weight-decay", OptimizerSettings.WEIGHT_DECAY,
            "grad-clip", OptimizerSettings.GRAD_CLIP,
            "eval-every", EvalSettings.EVERY,
            "eval-examples", EvalSettings.EXAMPLES,
            "checkpoint-every", CheckpointSettings.EVERY,
            "keep-checkpoints", CheckpointSettings.KEEP,
            "async-checkpoint", CheckpointSettings.ASYNC,
            "workers", ParallelSettings.WORKERS,
            "exchange-timeout", ParallelSettings.EXCHANGE_TIMEOUT,
            "http-port", "http.port",
            "http-host", "http.host",
            "http-token", "http.token",
            "http-token-file", "http.token-file",
            "ready-data-timeout", "http.ready-data-timeout",
            "tls-key-store", "tls.key-store",
            "tls-trust-store", "tls.trust-store",
            "tls-password-file", "tls.password-file");

    private MovedKeys() {
    }

    /** The new key of an old one, or the key itself when it did not move. */
    public static String current(String key) {
        return OLD_TO_NEW.getOrDefault(key, key);
    }

    /**
     * {@code layer} (one source of settings, e.g. an old run's {@code config.conf}) with every old
     * key under {@code ordo.job} moved to its new key.
     */
    public static Config migrate(Config layer) {
        Config c = layer;
        for (Map.Entry<String, String> e : OLD_TO_NEW.entrySet()) {
            if (c.hasPath(path(e.getKey()))) {
                c = c.withoutPath(path(e.getKey())).withValue(path(e.getValue()), c.getValue(path(e.getKey())));
            }
        }
        return c;
    }

    /**
     * Fails when the resolved {@code root} has keys under {@code ordo.job} that {@code reference.conf}
     * does not: old keys with a line naming their new ones, others with the list of known keys.
     */
    public static void checkKnown(Config root) {
        Set<String> known = leaves(ConfigFactory.defaultReference().getConfig(PREFIX));
        Set<String> unknown = leaves(root.getConfig(PREFIX));
        unknown.removeAll(known);
        if (unknown.isEmpty()) {
            return;
        }
        List<String> moved = new ArrayList<>();
        for (String k : unknown) {
            if (OLD_TO_NEW.containsKey(k)) {
                moved.add(path(k) + " moved to " + path(OLD_TO_NEW.get(k)));
            }
        }
        if (!moved.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", moved) + " (the job keys are grouped since ordo 0.2; "
                    + "see docs/configuration.md)");
        }
        throw new IllegalArgumentException("unknown config key(s) " + unknown.stream().map(JobKeys::path).toList()
                + "; known: " + known);
    }

    /** Every key path with a value below {@code c}, sorted. */
    static Set<String> leaves(Config c) {
        return c.entrySet().stream().map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> table(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
