package io.ordo.streams.live;

import io.ordo.streams.frame.TextRecord;
import io.ordo.streams.pack.PackedRow;
import io.ordo.streams.pack.WindowPacker;
import io.ordo.streams.tokenize.TokenChunk;
import io.ordo.streams.tokenize.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The held-out set of a live source: the first {@code capacity} windows packed from the records
 * that the hash split holds out (never trained on). Once full it stays fixed, so successive
 * evaluations of a run compare on the same windows. Lives as long as the node (a restart of the
 * trainers keeps it); a new process fills it again from the records it reads. Thread-safe: every
 * lane's stream adds to it, the evaluator reads snapshots.
 */
public final class HeldOutWindows {

    private final Tokenizer tokenizer;
    private final int[] newline;
    private final WindowPacker packer;
    private final int capacity;
    private final List<PackedRow> windows = new ArrayList<>();
    private long records;

    /**
     * @param seqLen    window inputs T
     * @param lookahead extra target tokens per window
     * @param capacity  most windows kept
     */
    public HeldOutWindows(Tokenizer tokenizer, int seqLen, int lookahead, int capacity) {
        this.tokenizer = tokenizer;
        this.newline = tokenizer.encode("\n");
        this.packer = new WindowPacker(seqLen, lookahead);
        this.capacity = capacity;
    }

    /** Adds a held-out record's windows until the set is full. */
    public synchronized void add(TextRecord r) {
        records++;
        if (windows.size() >= capacity) {
            return;
        }
        int[] body = tokenizer.encode(r.text());
        int[] all = Arrays.copyOf(body, body.length + newline.length);
        System.arraycopy(newline, 0, all, body.length, newline.length);
        for (PackedRow row : packer.feed(new TokenChunk(all, r.at(), r.nextOffset()))) {
            if (windows.size() < capacity) {
                windows.add(row);
            }
        }
    }

    /** The windows so far (a copy). */
    public synchronized List<PackedRow> snapshot() {
        return List.copyOf(windows);
    }

    /** Held-out records seen so far (also those after the set filled up). */
    public synchronized long records() {
        return records;
    }
}
