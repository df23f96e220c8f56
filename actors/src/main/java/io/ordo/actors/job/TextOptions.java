package io.ordo.actors.job;

import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.util.List;
import java.util.Locale;

/**
 * How a {@code text:PATH} task reads its corpus.
 *
 * @param tokenizer one of {@link #TOKENIZERS}: bytes or a JTokkit BPE encoding
 * @param seqLen    context length T in tokens (the model's seqLen)
 * @param heldOut   share of lines held out for evaluation, in (0, 1)
 */
public record TextOptions(String tokenizer, int seqLen, double heldOut) {

    /** Tokenizers a text task accepts. */
    public static final List<String> TOKENIZERS = List.of("byte", "r50k", "p50k", "cl100k", "o200k");
    /** Byte tokenizer, T = 128, 10% of lines held out. */
    public static final TextOptions DEFAULTS = new TextOptions("byte", 128, 0.1);

    public TextOptions {
        tokenizer = tokenizer.trim().toLowerCase(Locale.ROOT);
        if (!TOKENIZERS.contains(tokenizer)) {
            throw new IllegalArgumentException("unknown text tokenizer '" + tokenizer + "'; allowed: "
                    + String.join(", ", TOKENIZERS));
        }
        if (seqLen < 2) {
            throw new IllegalArgumentException("text seq-len must be >= 2, was " + seqLen);
        }
        if (!(heldOut > 0 && heldOut < 1)) {
            throw new IllegalArgumentException("text held-out fraction must be in (0, 1), was " + heldOut);
        }
    }

    /** The tokenizer instance. */
    public Tokenizer createTokenizer() {
        return Tokenizers.create(tokenizer);
    }
}
