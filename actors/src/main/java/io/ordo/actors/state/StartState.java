package io.ordo.actors.state;

import io.ordo.model.Gpt;
import io.ordo.model.optim.AdamW;
import io.ordo.model.train.GradientExchange;
import io.ordo.protocol.checkpoint.Checkpoint;
import java.nio.charset.StandardCharsets;
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
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int length = (int) exchange.broadcastLongsFromRankZero(bytes.length)[0];
        long[] words = new long[(length + 7) / 8];
        if (exchange.rank() == 0) {
            for (int i = 0; i < length; i++) {
                words[i / 8] |= (bytes[i] & 0xFFL) << (8 * (i % 8));
            }
        }
        words = exchange.broadcastLongsFromRankZero(words);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (words[i / 8] >>> (8 * (i % 8)));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
