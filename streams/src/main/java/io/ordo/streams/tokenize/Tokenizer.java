package io.ordo.streams.tokenize;

/**
 * Text to token ids and back. Implementations are immutable and thread-safe; {@code decode(encode(s))}
 * equals {@code s} for every string the tokenizer accepts.
 */
public interface Tokenizer {

    /** The registry name ({@code byte}, {@code cl100k}, {@code digits}, {@code stargraph:50}, ...). */
    String name();

    /** Vocabulary size V: every id is in [0, V). */
    int vocabSize();

    /** Token ids of {@code text}. */
    int[] encode(String text);

    /** The text of {@code tokens[offset .. offset+length)}. */
    String decode(int[] tokens, int offset, int length);

    /** The text of all {@code tokens}. */
    default String decode(int[] tokens) {
        return decode(tokens, 0, tokens.length);
    }

    /** The id used to pad rows past the end of an example. */
    int padId();
}
