package io.ordo.streams.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.batch.TokenBatch;
import io.ordo.core.top.TopTargets;
import io.ordo.streams.gen.Split;
import io.ordo.streams.gen.StarGraphGenerator;
import io.ordo.streams.gen.TaskExample;
import io.ordo.streams.pack.Pack;
import io.ordo.streams.pack.PackedRow;
import io.ordo.streams.tokenize.TaskTokens;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ordo's TOP targets on star-graph samples equal those of the official star-graph training code
 * (zaydzuhri/Next-Token-Failures @ 6fa8ee2, {@code models/base_model.py} and the Triton
 * {@code seq_to_top} in {@code models/top.py}), ported below loop for loop and sharing no code
 * with Ordo: the labels are the inputs shifted by one with -1 on the prompt, concatenated with
 * seq_len more -1s, ranked with window = seq_len by {@code distance < window} on label indices,
 * and the TOP loss is taken from {@code prefix_end} (the count of -1 labels) on. Checked: the
 * rows that carry a TOP loss, and each row's target distribution softmax(W - distance).
 */
class OfficialStarGraphTopTest {

    /** The official Triton kernel's loop on one row of labels: (T, V) scores, -inf where absent. */
    private static double[][] officialSeqToTop(long[] labels, int vocab, int window) {
        int total = labels.length;
        int t0 = total - window;
        double[][] out = new double[t0][vocab];
        long[] next = new long[vocab];
        Arrays.fill(next, total);
        for (int t = total - 1; t >= 0; t--) {
            long token = labels[t];
            if (token != -1 && token >= 0 && token < vocab) {
                next[(int) token] = t;
            }
            if (t < t0) {
                for (int v = 0; v < vocab; v++) {
                    long distance = next[v] - t;
                    out[t][v] = distance < window ? window - distance : Double.NEGATIVE_INFINITY;
                }
            }
        }
        return out;
    }

    private static double[] softmax(double[] row) {
        double max = Arrays.stream(row).max().orElseThrow();
        double[] p = new double[row.length];
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            p[i] = row[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(row[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < row.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @ParameterizedTest(name = "G({0},{1},{2})")
    @CsvSource({"2,3,20", "3,3,30", "5,3,30", "2,5,50"})
    void shouldMatchTheOfficialStarGraphTopTargets(int degree, int pathLen, int nodes) {
        StarGraphGenerator g = new StarGraphGenerator(degree, pathLen, nodes, 4, Split.TRAIN, 0.1);
        Tokenizer tok = Tokenizers.create("stargraph:" + nodes);
        int seqLen = g.sampleTokens();
        BatchConfig cfg = BatchConfig.top(1, seqLen, seqLen); // ordo: top-window 0 = the sequence length
        BatchAssembler assembler = new BatchAssembler(cfg);
        int vocab = tok.vocabSize();
        int checkedRows = 0;
        for (long i = 0; i < 200; i++) {
            TaskExample e = g.example(i);
            int[] prompt = tok.encode(e.prompt());
            int[] target = tok.encode(e.target());
            int[] x = new int[prompt.length + target.length];
            System.arraycopy(prompt, 0, x, 0, prompt.length);
            System.arraycopy(target, 0, x, prompt.length, target.length);
            assertEquals(seqLen, x.length);

            // official: inputs x[0..n-2], targets x[1..n-1] with -1 on the prompt, then n-1 more -1s
            int offLen = x.length - 1;
            long[] labels = new long[2 * offLen];
            Arrays.fill(labels, -1);
            for (int t = 0; t < offLen; t++) {
                labels[t] = t + 1 >= prompt.length ? x[t + 1] : -1;
            }
            int prefixEnd = 0;
            for (int t = 0; t < offLen; t++) {
                prefixEnd += labels[t] == -1 ? 1 : 0;
            }
            double[][] official = officialSeqToTop(labels, vocab, offLen);

            PackedRow row = Pack.row(new TaskTokens(x, prompt.length, e.at()), cfg.width(), tok.padId());
            TokenBatch b = assembler.assemble(List.of(row)).batch();
            TopTargets top = b.top();
            List<Integer> ordoRows = new ArrayList<>();
            List<Integer> officialRows = new ArrayList<>();
            for (int t = 0; t < seqLen; t++) {
                if (b.isTarget(0, t + 1)) {
                    ordoRows.add(t);
                }
                if (t >= prefixEnd && t < offLen) {
                    officialRows.add(t);
                }
            }
            assertEquals(officialRows, ordoRows, "rows with a TOP loss, sample " + i);
            for (int t : ordoRows) {
                double[] want = softmax(official[t]);
                double[] got = new double[vocab];
                for (int j = 0; j < top.count(t); j++) {
                    got[top.token(t, j)] += top.weight(t, j);
                }
                for (int v = 0; v < vocab; v++) {
                    assertEquals(want[v], got[v], 1e-12, "sample " + i + " row " + t + " token " + v + ": ordo "
                            + Arrays.toString(got) + " official " + Arrays.toString(want));
                }
                checkedRows++;
            }
        }
        assertTrue(checkedRows == 200 * pathLen, "checked " + checkedRows + " rows");
    }
}
