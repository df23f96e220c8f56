package io.ordo.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordo.actors.report.EvalResult;

/**
 * An {@link EvalResult} as JSON fields, as a {@code metrics.jsonl} eval line holds them: {@code step},
 * {@code accuracy} (generated tasks) or {@code perplexity} (text), the held-out loss per term,
 * {@code examples} and {@code eval_seconds}. Non-finite numbers are written as strings ({@code "NaN"}).
 */
public final class EvalJson {
    private EvalJson() {
    }

    /** Puts {@code r}'s fields but its step into {@code n}; returns {@code n}. */
    public static ObjectNode put(ObjectNode n, EvalResult r) {
        if (r.isText()) {
            n.put("perplexity", r.perplexity());
        } else {
            n.put("accuracy", r.accuracy());
        }
        return n.put("loss", r.loss()).put("ntp", r.ntp()).put("top", r.top()).put("mtp", r.mtp())
                .put("examples", r.examples()).put("eval_seconds", r.seconds());
    }

    /** The evaluation in {@code n} (its step included); a metric it lacks is NaN. */
    public static EvalResult read(JsonNode n) {
        return new EvalResult(n.path("step").asLong(), number(n.get("accuracy")), number(n.get("perplexity")),
                number(n.get("loss")), number(n.get("ntp")), number(n.get("top")), number(n.get("mtp")),
                n.path("examples").asInt(), number(n.get("eval_seconds")));
    }

    /** A JSON number, or a non-finite one written as a string; NaN when absent. */
    public static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble(Double.NaN);
    }
}
