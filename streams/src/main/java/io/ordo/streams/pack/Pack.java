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
     * mask marks the target tokens. Exactly one row per example, so that row i of the stream is
     * always example i and global batches stay aligned by example index (a rank packs only its
     * examples, and a cursor counts examples): an example longer than a row is counted as
     * {@link BadInputReason#TOO_LONG_FOR_ROW} and replaced by a blank row (all padding, no target:
     * no loss sees it) instead of being dropped, which would shift the later examples into other
     * batches.
     */
    public static Flow<TaskTokens, PackedRow, NotUsed> examples(int seqLen, int lookahead, int padId,
            BadInputCounters counters) {
        int rowLen = seqLen + lookahead;
        return Flow.of(TaskTokens.class)
                .map(t -> {
                    if (t.tokens().length > rowLen) {
                        counters.reject(BadInputReason.TOO_LONG_FOR_ROW);
                        return blank(t, rowLen, padId);
                    }
                    return row(t, rowLen, padId);
                });
    }

    /** The row standing in for a rejected example: all padding, no target (the mask is all false). */
    private static PackedRow blank(TaskTokens t, int rowLen, int padId) {
        int[] tokens = new int[rowLen];
        Arrays.fill(tokens, padId);
        return new PackedRow(tokens, new boolean[rowLen], t.at(), t.next());
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
