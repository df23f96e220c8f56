package io.ordo.streams.meter;

import java.util.Locale;

/** A point in a pipeline where {@link StageCounters} counts the elements that pass. */
public enum Stage {
    /** Framed records (lines or JSONL records) out of framing, before bad input is routed off. */
    RECORDS,
    /** Generated task examples out of a generator. */
    EXAMPLES,
    /** Token chunks (one per accepted line or example) out of the tokenizer. */
    TOKENIZED,
    /** Packed rows of T + lookahead tokens. */
    PACKED,
    /** Batches handed to the consumer (the trainer). */
    BATCHED;

    /** The lower-case label, as in metric tags ({@code stage="batched"}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
