package io.ordo.streams.tokenize;

import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.TextRecord;
import io.ordo.streams.gen.TaskExample;
import java.util.Arrays;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/** Tokenizing stages for text records and task examples. */
public final class Tokenize {

    private Tokenize() {
    }

    /**
     * Text records to token chunks, each followed by {@code separator} (the tokens of the record
     * terminator, e.g. {@code "\n"} for lines so that the token stream matches the file, or an
     * end-of-text id for documents). When resuming from {@code from}, the first record at that
     * cursor loses the {@code tokenSkip} tokens consumed before the stop.
     */
    public static Flow<TextRecord, TokenChunk, NotUsed> text(Tokenizer tokenizer, int[] separator, Optional<Cursor> from) {
        return Flow.of(TextRecord.class)
                .map(r -> {
                    int[] body = tokenizer.encode(r.text());
                    int[] all = Arrays.copyOf(body, body.length + separator.length);
                    System.arraycopy(separator, 0, all, body.length, separator.length);
                    return new TokenChunk(all, r.at(), r.nextOffset());
                })
                .map(c -> skip(c, from));
    }

    /** Text records, each followed by the tokens of a newline. */
    public static Flow<TextRecord, TokenChunk, NotUsed> lines(Tokenizer tokenizer, Optional<Cursor> from) {
        return text(tokenizer, tokenizer.encode("\n"), from);
    }

    private static TokenChunk skip(TokenChunk c, Optional<Cursor> from) {
        if (from.isEmpty() || !from.get().sameRecord(c.at()) || from.get().tokenSkip() == 0) {
            return c;
        }
        int k = Math.min(from.get().tokenSkip(), c.tokens().length);
        return new TokenChunk(Arrays.copyOfRange(c.tokens(), k, c.tokens().length), c.at().withTokenSkip(k),
                c.nextOffset());
    }

    /** Task examples to prompt + target tokens. */
    public static Flow<TaskExample, TaskTokens, NotUsed> task(Tokenizer tokenizer) {
        return Flow.of(TaskExample.class).map(e -> {
            int[] p = tokenizer.encode(e.prompt());
            int[] t = tokenizer.encode(e.target());
            int[] all = Arrays.copyOf(p, p.length + t.length);
            System.arraycopy(t, 0, all, p.length, t.length);
            return new TaskTokens(all, p.length, e.at());
        });
    }
}
