package io.ordo.streams.pack;

import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.tokenize.TokenChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs a token stream into windows of {@code T + lookahead} tokens with stride T: the lookahead
 * tokens of one row are real upcoming text and also the first inputs of the next row. Each row's
 * {@code next} cursor is the (record, token) position of the next row's first token, so a stream
 * restarted there reproduces the following rows exactly. Tokens left at the end of the stream
 * that do not fill a window are dropped. Not thread-safe; one per materialization.
 */
public final class WindowPacker {

    private final int seqLen;
    private final int rowLen;
    private final ArrayDeque<TokenChunk> chunks = new ArrayDeque<>();
    private int headPos;
    private long available;

    /**
     * @param seqLen    T, input positions per row
     * @param lookahead extra tokens per row (>= 1)
     */
    public WindowPacker(int seqLen, int lookahead) {
        if (seqLen < 1 || lookahead < 1) {
            throw new IllegalArgumentException("need T >= 1 and lookahead >= 1: " + seqLen + ", " + lookahead);
        }
        this.seqLen = seqLen;
        this.rowLen = seqLen + lookahead;
    }

    /** Rows completed by {@code chunk}. */
    public List<PackedRow> feed(TokenChunk chunk) {
        if (chunk.tokens().length > 0) {
            chunks.addLast(chunk);
            available += chunk.tokens().length;
        }
        List<PackedRow> out = new ArrayList<>(0);
        while (available >= rowLen) {
            Cursor start = cursor();
            int[] row = new int[rowLen];
            copy(row);
            advance(seqLen);
            out.add(new PackedRow(row, null, start, cursor()));
        }
        return out;
    }

    /** Cursor of the first pending token (or the start of the record after the last chunk). */
    private Cursor cursor() {
        TokenChunk head = chunks.peekFirst();
        return head.at().withTokenSkip(head.at().tokenSkip() + headPos);
    }

    private void copy(int[] row) {
        int n = 0;
        int pos = headPos;
        for (TokenChunk c : chunks) {
            int take = Math.min(c.tokens().length - pos, row.length - n);
            System.arraycopy(c.tokens(), pos, row, n, take);
            n += take;
            pos = 0;
            if (n == row.length) {
                return;
            }
        }
    }

    private void advance(int k) {
        available -= k;
        headPos += k;
        while (headPos >= chunks.peekFirst().tokens().length && chunks.size() > 1) {
            headPos -= chunks.pollFirst().tokens().length;
        }
    }
}
