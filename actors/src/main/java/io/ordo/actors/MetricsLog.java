package io.ordo.actors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordo.actors.files.LineFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code metrics.jsonl}: one JSON object per line, {@code "kind"} one of train, eval, checkpoint,
 * restart. Train lines carry the data wait of the step and the bad input skipped so far. Eval lines carry {@code accuracy} (exact match, generated tasks) or {@code perplexity}
 * (text), and the held-out loss per term. Appends, so a resumed run continues its file. Flushed per line.
 */
public final class MetricsLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LineFile out;

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
        ObjectNode n = line("eval", r.step());
        if (r.isText()) {
            n.put("perplexity", r.perplexity());
        } else {
            n.put("accuracy", r.accuracy());
        }
        n.put("loss", r.loss()).put("ntp", r.ntp()).put("top", r.top())
                .put("mtp", r.mtp()).put("examples", r.examples()).put("eval_seconds", r.seconds());
        write(n);
    }

    public void checkpoint(long step, Path file, double seconds) {
        write(line("checkpoint", step).put("file", file.toString()).put("write_seconds", seconds));
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
        try {
            out.append(JSON.writeValueAsString(n));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a metrics line", e);
        }
    }

    @Override
    public void close() {
        out.close();
    }
}
