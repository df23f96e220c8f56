package io.ordo.actors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordo.actors.files.LineFile;
import io.ordo.actors.report.CheckpointFailure;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.StepMetrics;
import io.ordo.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code metrics.jsonl}: one JSON object per line, {@code "kind"} one of train, eval, checkpoint,
 * checkpoint_failed, checkpoint_skipped, restart. Train lines carry the data wait of the step and the bad input skipped so far. Eval lines carry {@code accuracy} (exact match, generated tasks) or {@code perplexity}
 * (text), and the held-out loss per term. Appends, so a resumed run continues its file. Flushed per line.
 *
 * <p>A line that cannot be written (the disk is full or read-only) is logged, once per stretch of
 * failures, and does not stop the run; the lines written once the disk takes them again follow.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);
    private final LineFile out;
    /** Whether the last write failed (so the next failure is not logged again). */
    private boolean failing;

    public MetricsLog(Path file) {
        out = new LineFile(file);
    }

    /**
     * @param badInput bad input records skipped so far on this node, by reason (written as
     *                 {@code bad_input}: {@code {"empty": 5, ...}}, empty object when none)
     */
    public void train(StepMetrics m, double tokensPerSecond, Map<String, Long> badInput) {
        ObjectNode n = line("train", m.step());
        n.put("loss", m.loss()).put("ntp", m.ntp()).put("top", m.top()).put("mtp", m.mtp()).put("lr", m.lr())
                .put("grad_norm", m.gradNorm()).put("skipped", m.skipped()).put("step_seconds", m.seconds())
                .put("data_wait_seconds", m.dataWaitSeconds()).put("data_wait_share", m.dataWaitShare())
                .put("tokens_per_second", tokensPerSecond);
        ObjectNode bad = n.putObject("bad_input");
        new TreeMap<>(badInput).forEach(bad::put);
        write(n);
    }

    public void eval(EvalResult r) {
        write(EvalJson.put(line("eval", r.step()), r));
    }

    /**
     * The eval lines of the metrics file {@code file} in file order (several runs of a resumed
     * directory, so a step may repeat); empty when there is no file. A line a crash cut off is skipped.
     */
    public static List<EvalResult> evals(Path file) throws IOException {
        List<EvalResult> evals = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return evals;
        }
        for (String line : Files.readAllLines(file)) {
            try {
                JsonNode n = JSON.readTree(line);
                if (n != null && "eval".equals(n.path("kind").asText())) {
                    evals.add(EvalJson.read(n));
                }
            } catch (JsonProcessingException e) {
                // the line being written when the run was killed
            }
        }
        return evals;
    }

    public void checkpoint(long step, Path file, double seconds) {
        write(line("checkpoint", step).put("file", file.toString()).put("write_seconds", seconds));
    }

    /** {@code {"kind":"checkpoint_failed","step":10,"dir":"...","error":"No space left on device","last_good_step":5}}. */
    public void checkpointFailed(CheckpointFailure f) {
        write(line("checkpoint_failed", f.step()).put("dir", f.dir().toString()).put("error", f.error())
                .put("last_good_step", f.lastGoodStep()));
    }

    /**
     * {@code {"kind":"checkpoint_skipped","step":20,"file":"...","reason":"corrupt checkpoint ...","resumed_step":15}}:
     * resuming passed over the checkpoint of {@code step} in {@code file}.
     */
    public void checkpointSkipped(Path file, String reason, long resumedStep) {
        write(line("checkpoint_skipped", CheckpointStore.stepOf(file)).put("file", file.toString()).put("reason", reason)
                .put("resumed_step", resumedStep));
    }

    public void restart(long step) {
        write(line("restart", step));
    }

    private static ObjectNode line(String kind, long step) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", kind).put("step", step).put("time", System.currentTimeMillis() / 1000.0);
        return n;
    }

    private void write(ObjectNode n) {
        String line;
        try {
            line = JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a metrics line", e);
        }
        try {
            out.append(line);
            if (failing) {
                LOG.info("metrics.jsonl is written again");
            }
            failing = false;
        } catch (UncheckedIOException e) {
            if (!failing) {
                LOG.warn("{}: {}; training goes on, metrics lines are lost until the disk takes them again",
                        e.getMessage(), CheckpointFailure.reason(e.getCause()));
            }
            failing = true;
        }
    }

    @Override
    public void close() {
        out.close();
    }
}
