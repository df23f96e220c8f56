package io.ordo.deploy.config;

import static io.ordo.deploy.config.JobKeys.path;

import com.typesafe.config.Config;
import io.ordo.actors.job.LiveSource;
import io.ordo.actors.job.TargetOrderKind;
import io.ordo.actors.job.TaskSpec;
import io.ordo.actors.job.TextOptions;
import java.time.Duration;
import java.util.Locale;

/**
 * What a job trains on, from {@code ordo.job.data} (and {@code ordo.job.live} when
 * {@code live.source} is set): the task or corpus or live source, and the target order.
 *
 * @param task  the task, corpus or live source, with its tokenizer
 * @param order target order; a text or live task allows only natural
 */
public record DataSettings(TaskSpec task, TargetOrderKind order) {
    public static final String TASK = "data.task";
    public static final String ORDER = "data.order";
    public static final String TEXT_TOKENIZER = "data.text-tokenizer";
    public static final String TEXT_SEQ_LEN = "data.text-seq-len";
    public static final String TEXT_HELD_OUT = "data.text-held-out";

    /**
     * Reads the keys of the resolved {@code ordo.job} section {@code c}.
     *
     * @param exchangeTimeout the workers' exchange timeout, which a live heartbeat must stay below
     */
    public static DataSettings from(Config c, Duration exchangeTimeout) {
        TextOptions text = text(c);
        String source = c.getString(LiveSettings.SOURCE).trim();
        TaskSpec task;
        if (source.isEmpty()) {
            try {
                task = TaskSpec.parse(c.getString(TASK), text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path(TASK) + ": " + e.getMessage());
            }
        } else {
            var live = LiveSettings.from(c, text.heldOut(), exchangeTimeout);
            try {
                task = TaskSpec.live(LiveSource.parse(source, live), text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path(LiveSettings.SOURCE) + ": " + e.getMessage());
            }
        }
        TargetOrderKind order;
        try {
            order = TargetOrderKind.parse(c.getString(ORDER));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path(ORDER) + ": " + e.getMessage());
        }
        if (task.isText() && order != TargetOrderKind.NATURAL) {
            throw new IllegalArgumentException(path(ORDER) + " = " + order + " reorders task targets; a text task "
                    + "allows only: natural");
        }
        return new DataSettings(task, order);
    }

    /** The {@code data.text-*} keys; each error names its key and the allowed values. */
    static TextOptions text(Config c) {
        String tokenizer = c.getString(TEXT_TOKENIZER).trim().toLowerCase(Locale.ROOT);
        if (!TextOptions.TOKENIZERS.contains(tokenizer)) {
            throw new IllegalArgumentException(path(TEXT_TOKENIZER) + " = '" + tokenizer + "' is unknown; allowed: "
                    + String.join(", ", TextOptions.TOKENIZERS));
        }
        int seqLen = c.getInt(TEXT_SEQ_LEN);
        if (seqLen < 2) {
            throw new IllegalArgumentException(path(TEXT_SEQ_LEN) + " = " + seqLen + "; allowed: an integer >= 2");
        }
        double heldOut = c.getDouble(TEXT_HELD_OUT);
        if (!(heldOut > 0 && heldOut < 1)) {
            throw new IllegalArgumentException(path(TEXT_HELD_OUT) + " = " + heldOut + "; allowed: a fraction in (0, 1)");
        }
        return new TextOptions(tokenizer, seqLen, heldOut);
    }
}
