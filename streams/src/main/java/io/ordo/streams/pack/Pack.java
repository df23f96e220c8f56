package io.ordo.streams.pack;

import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.tokenize.TaskTokens;
import io.ordo.streams.tokenize.TokenChunk;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;

/** Packing stages: token streams into fixed windows, task examples into padded masked rows. */
public final class Pack {

    private Pack() {
    }

    /** The lookahead a row needs: max(1, W for TOP, n for MTP-n); 0 means "not used". */
    public static int lookahead(int topWindow, int mtpHeads) {
        return Math.max(1, Math.max(topWindow, mtpHeads));
    }

    /** Text: windows of {@code T + lookahead} tokens with stride T (see {@link WindowPacker}). */
    public static Flow<TokenChunk, PackedRow, NotUsed> windows(int seqLen, int lookahead) {
        return Flow.of(TokenChunk.class)
                .statefulMap(() -> new WindowPacker(seqLen, lookahead),
                        (WindowPacker p, TokenChunk c) -> Pair.create(p, p.feed(c)),
                        p -> Optional.empty())
                .mapConcat((List<PackedRow> l) -> l);
    }

    /**
     * Tasks: one example per row of {@code T + lookahead} tokens, padded with {@code padId}; the
     * mask marks the target tokens. An example longer than a row is counted as
     * {@link BadInputReason#TOO_LONG_FOR_ROW} and skipped.
     */
    public static Flow<TaskTokens, PackedRow, NotUsed> examples(int seqLen, int lookahead, int padId,
            BadInputCounters counters) {
        int rowLen = seqLen + lookahead;
        return Flow.of(TaskTokens.class)
                .filter(t -> {
                    if (t.tokens().length > rowLen) {
                        counters.reject(BadInputReason.TOO_LONG_FOR_ROW);
                        return false;
                    }
                    return true;
                })
                .map(t -> row(t, rowLen, padId));
    }

    /** One padded, masked row. */
    public static PackedRow row(TaskTokens t, int rowLen, int padId) {
        int[] tokens = Arrays.copyOf(t.tokens(), rowLen);
        Arrays.fill(tokens, t.tokens().length, rowLen, padId);
        boolean[] mask = new boolean[rowLen];
        Arrays.fill(mask, t.targetStart(), t.tokens().length, true);
        return new PackedRow(tokens, mask, t.at(), t.next());
    }
}
