package io.ordo.core.top;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sliding {@link TopTargetBuilder} gives exactly (bit for bit) what the direct definition
 * gives: for each row, scan x[t+1 ..] for the first k distinct tokens within the window.
 */
class TopTargetBuilderSlidingTest {

    /**
     * The direct scan (the builder's previous algorithm): O(W) per row, over ranked positions only
     * (all when {@code ranked} is null); weights exp(-(p - p0)) from the nearest ranked position p0.
     */
    private static void scan(int[] seq, boolean[] ranked, int seqOffset, int seqLength, int rows, int window, int k,
                             TopWindow convention, int[] tokens, double[] weights, int[] counts) {
        int maxDistance = convention.maxDistance(window);
        for (int t = 0; t < rows; t++) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            int last = seqOffset + Math.min(seqLength - 1, t + maxDistance);
            int first = seqOffset + t + 1;
            int n = 0;
            double sum = 0;
            int nearest = -1;
            for (int p = first; p <= last && n < k; p++) {
                if (ranked != null && !ranked[p]) {
                    continue;
                }
                if (nearest < 0) {
                    nearest = p;
                }
                if (seen.add(seq[p])) {
                    double w = Math.exp(-(p - nearest));
                    tokens[t * k + n] = seq[p];
                    weights[t * k + n] = w;
                    n++;
                    sum += w;
                }
            }
            for (int j = 0; j < n; j++) {
                weights[t * k + j] *= n == 0 ? 0.0 : 1.0 / sum;
            }
            counts[t] = n;
        }
    }

    @Test
    void shouldMatchTheDirectScanOnRandomSequences() {
        SplittableRandom rnd = new SplittableRandom(7);
        TopWindow[] conventions = TopWindow.values();
        for (int trial = 0; trial < 3000; trial++) {
            int vocab = 1 + rnd.nextInt(trial % 3 == 0 ? 3 : 60);
            int seqLength = 1 + rnd.nextInt(80);
            int offset = rnd.nextInt(5);
            int[] seq = new int[offset + seqLength + rnd.nextInt(4)];
            boolean zipfish = rnd.nextBoolean();
            for (int i = 0; i < seq.length; i++) {
                seq[i] = zipfish ? (int) (vocab * Math.pow(rnd.nextDouble(), 3)) : rnd.nextInt(vocab);
            }
            int rows = rnd.nextInt(seqLength + 1);
            int window = 1 + rnd.nextInt(trial % 2 == 0 ? 8 : 100);
            int k = 1 + rnd.nextInt(trial % 4 == 0 ? 3 : 40);
            TopWindow convention = conventions[rnd.nextInt(conventions.length)];
            boolean[] ranked = null;
            if (trial % 3 != 2) { // a task's target mask: runs of unranked prompt and padding
                ranked = new boolean[seq.length];
                double density = rnd.nextDouble();
                for (int i = 0; i < ranked.length; i++) {
                    ranked[i] = rnd.nextDouble() < density;
                }
            }
            int rowOffset = rnd.nextInt(3);
            TopTargets out = new TopTargets(rowOffset + rows, k);
            TopTargetBuilder builder = new TopTargetBuilder(window, k, convention);
            builder.build(seq, ranked, offset, seqLength, rows, out, rowOffset);
            builder.build(seq, ranked, offset, seqLength, rows, out, rowOffset); // reuse: stale marks must not leak
            int[] tokens = new int[rows * k];
            double[] weights = new double[rows * k];
            int[] counts = new int[rows];
            scan(seq, ranked, offset, seqLength, rows, window, k, convention, tokens, weights, counts);
            String label = "trial " + trial + " V=" + vocab + " len=" + seqLength + " rows=" + rows + " W=" + window
                    + " k=" + k + " " + convention + (ranked == null ? "" : " masked");
            for (int t = 0; t < rows; t++) {
                assertEquals(counts[t], out.count(rowOffset + t), "count of row " + t + ", " + label);
                for (int j = 0; j < counts[t]; j++) {
                    assertEquals(tokens[t * k + j], out.token(rowOffset + t, j), "token " + j + " of row " + t + ", " + label);
                    assertEquals(weights[t * k + j], out.weight(rowOffset + t, j), 0.0, "weight " + j + " of row " + t + ", " + label);
                }
            }
        }
    }
}
