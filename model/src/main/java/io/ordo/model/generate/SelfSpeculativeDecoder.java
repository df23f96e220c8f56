package io.ordo.model.generate;

import io.ordo.model.Gpt;
import io.ordo.model.Objective;
import io.ordo.model.tensor.Mat;
import java.util.Arrays;

/**
 * Greedy self-speculative decoding with a model's own extra heads as the draft. Each verify pass
 * is one full forward over the accepted context plus the pending drafts: the NTP head accepts the
 * drafts while its greedy token matches, then adds its own next token, and the draft heads at that
 * row propose the next drafts. The output is exactly the greedy NTP continuation; what drafting
 * buys is fewer passes.
 *
 * <ul>
 *   <li>MTP-n: the heads predicting tokens t + 2 .. t + n draft n - 1 tokens.</li>
 *   <li>TOP: the TOP head ranks the vocabulary by how soon each token comes next; the
 *       {@code draftTokens} best-ranked tokens other than the NTP token, best first, are the draft.</li>
 * </ul>
 *
 * Not thread-safe (runs on the model's buffers).
 */
public final class SelfSpeculativeDecoder {
    private final Gpt model;
    private final boolean top;
    private final int draftTokens;
    private final int[] offsets;      // heads per pass: NTP (1), then the draft heads

    /**
     * @param draftTokens for a TOP model, tokens drafted per pass; an MTP-n model drafts n - 1 and an
     *                    NTP model none, whatever this says
     */
    public SelfSpeculativeDecoder(Gpt model, int draftTokens) {
        Objective o = model.objective();
        this.model = model;
        this.top = o.kind() == Objective.Kind.TOP;
        this.draftTokens = top ? draftTokens : o.mtpTokens() - 1;
        this.offsets = top ? new int[] {1, 0} : java.util.stream.IntStream.rangeClosed(1, o.mtpTokens()).toArray();
        if (this.draftTokens < 0) {
            throw new IllegalArgumentException("draft tokens must be >= 0, got " + draftTokens);
        }
    }

    /** Tokens drafted per pass. */
    public int draftTokens() {
        return draftTokens;
    }

    /** Decodes {@code newTokens} after {@code prompt}; prompt + newTokens must fit in the model's seqLen. */
    public Decoded decode(int[] prompt, int newTokens) {
        int end = prompt.length + newTokens;
        if (prompt.length == 0 || end > model.config().seqLen()) {
            throw new IllegalArgumentException("need a prompt and prompt + new tokens <= seqLen " + model.config().seqLen()
                    + "; got " + prompt.length + " + " + newTokens);
        }
        int[] seq = Arrays.copyOf(prompt, end);
        int len = prompt.length;   // accepted tokens in seq
        int[] pending = new int[0];
        int passes = 0;
        int drafted = 0;
        int accepted = 0;
        while (len < end) {
            System.arraycopy(pending, 0, seq, len, pending.length);
            int n = len + pending.length;
            Mat[] heads = model.headLogits(Arrays.copyOf(seq, n), 1, n, offsets);   // (n, V) each
            passes++;
            int row = len - 1;     // predicts seq[len]
            int a = 0;
            while (a < pending.length && argmax(heads[0], row, null) == pending[a]) {
                a++;
                row++;
            }
            accepted += a;
            len += a;
            seq[len++] = argmax(heads[0], row, null);
            pending = draft(heads, row, seq[len - 1], Math.min(draftTokens, end - len - 1));
            drafted += pending.length;
        }
        return new Decoded(Arrays.copyOfRange(seq, prompt.length, end), passes, drafted, accepted);
    }

    /** Up to {@code k} draft tokens for the positions after {@code ntpToken}, from row {@code row}. */
    private int[] draft(Mat[] heads, int row, int ntpToken, int k) {
        int[] d = new int[Math.max(0, k)];
        if (top) {
            boolean[] used = new boolean[heads[1].cols()];
            used[ntpToken] = true;
            for (int i = 0; i < d.length; i++) {
                d[i] = argmax(heads[1], row, used);
                used[d[i]] = true;
            }
        } else {
            for (int i = 0; i < d.length; i++) {
                d[i] = argmax(heads[i + 1], row, null);
            }
        }
        return d;
    }

    /** The column of the largest value in {@code row} among those not {@code used} (null: all; lowest on ties). */
    private static int argmax(Mat m, int row, boolean[] used) {
        int best = -1;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m.cols(); j++) {
            double v = m.get(row, j);
            if ((used == null || !used[j]) && v > max) {
                max = v;
                best = j;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no finite logit in row " + row);
        }
        return best;
    }
}
