package io.ordo.actors.report;

/**
 * A held-out evaluation at {@code step}: exact-match accuracy of greedy decoding (generated tasks;
 * NaN for text), perplexity = exp(mean NTP loss per token) (text; NaN for generated tasks), and the
 * held-out loss per term (nats per target token).
 *
 * @param examples held-out examples (generated tasks) or windows of T tokens (text) evaluated
 */
public record EvalResult(long step, double accuracy, double perplexity, double loss, double ntp, double top,
                         double mtp, int examples, double seconds) {

    /** Whether this is a text evaluation (perplexity) rather than exact match. */
    public boolean isText() {
        return Double.isNaN(accuracy);
    }

    /** This evaluation in words: exact match (generated tasks) or perplexity (text), then the loss per term. */
    public String describe() {
        String metric = isText()
                ? String.format("held-out perplexity %.3f (%d windows)", perplexity, examples)
                : String.format("exact match %.1f%% (%d held-out)", 100 * accuracy, examples);
        return String.format("%s, held-out loss %.4f (ntp %.4f top %.4f mtp %.4f)", metric, loss, ntp, top, mtp);
    }
}
