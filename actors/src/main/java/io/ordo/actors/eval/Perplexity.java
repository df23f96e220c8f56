package io.ordo.actors.eval;

import io.ordo.model.Gpt;
import io.ordo.model.Losses;
import io.ordo.streams.batch.BatchAssembler;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.pack.PackedRow;
import java.util.List;

/**
 * Held-out language-modelling loss of text windows: each term's mean over every window (each window
 * has T predicted tokens, so this is the mean per token), and perplexity = exp(mean NTP loss per
 * token). A uniform guess over V tokens has perplexity V.
 */
public final class Perplexity {
    private Perplexity() {
    }

    /**
     * Losses per term (nats per token) over {@code windows}, run in batches of {@code config.rows()}
     * windows (the last one smaller) with {@code config}'s targets; NaN when there are no windows.
     */
    public static Losses heldOutLoss(Gpt model, List<PackedRow> windows, BatchConfig config) {
        double ntp = 0;
        double top = 0;
        double mtp = 0;
        int n = 0;
        for (int from = 0; from < windows.size(); from += config.rows()) {
            List<PackedRow> part = windows.subList(from, Math.min(windows.size(), from + config.rows()));
            BatchConfig shape = new BatchConfig(part.size(), config.seqLen(), config.lookahead(), config.topWindow(),
                    config.topK(), config.convention());
            Losses l = model.loss(new BatchAssembler(shape).assemble(part).batch());
            ntp += l.ntp() * part.size();
            top += l.top() * part.size();
            mtp += l.mtp() * part.size();
            n += part.size();
        }
        return new Losses(ntp / n, top / n, mtp / n, (ntp + top + mtp) / n);
    }

    /** exp(mean NTP loss per token). */
    public static double of(Losses losses) {
        return Math.exp(losses.ntp());
    }
}
