package io.ordo.actors.state;

import io.ordo.checkpoint.Checkpoint;
import io.ordo.model.Gpt;
import io.ordo.model.optim.AdamW;
import io.ordo.model.train.GradientExchange;
import java.util.Optional;

/**
 * Makes every replica of a start begin from rank 0's state: rank 0 restores its checkpoint (if it
 * has one), then parameters, Adam moments and the checkpoint's meta (step, data cursor, target
 * order, dropout generators) go from rank 0 to every rank over the exchange. So only the node
 * holding rank 0 needs the run directory, and every replica starts from the same bits.
 */
public final class StartState {
    private StartState() {
    }

    /**
     * @param latest rank 0's checkpoint to resume from (ignored on other ranks)
     * @return the meta every rank resumes with, or empty for a fresh start
     */
    public static Optional<ModelState.Meta> agree(GradientExchange exchange, Gpt model, AdamW optimizer,
                                                  Optional<Checkpoint> latest) {
        String meta = "";
        if (exchange.rank() == 0 && latest.isPresent()) {
            ModelState.restore(latest.get(), model, optimizer);
            meta = latest.get().metaJson();
        }
        exchange.broadcastFromRankZero(model.params().values(), optimizer.firstMoment(), optimizer.secondMoment());
        String agreed = broadcast(exchange, meta);
        if (agreed.isEmpty()) {
            return Optional.empty();
        }
        ModelState.Meta m = ModelState.meta(agreed);
        optimizer.restore(m.step());
        if (m.dropoutRng() != null) {
            model.restoreDropoutRngState(m.dropoutRng());
        }
        return Optional.of(m);
    }

    /** Rank 0's {@code text} on every rank: its length, then its UTF-8 bytes eight to a long. */
    static String broadcast(GradientExchange exchange, String text) {
        byte[] bytes = LongText.bytes(text);
        int length = (int) exchange.broadcastLongsFromRankZero(bytes.length)[0];
        long[] words = new long[LongText.wordCount(length)];
        if (exchange.rank() == 0) {
            LongText.words(bytes, words, 0);
        }
        return LongText.text(exchange.broadcastLongsFromRankZero(words), 0, length);
    }
}
