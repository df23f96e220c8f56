package io.ordo.streams.mi;

import io.ordo.streams.tokenize.TaskTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates MI(S; t_i | t_C) between the source S and target position i of fixed-length examples,
 * given the target positions C already chosen, from co-occurrence counts over a training sample,
 * and picks the greedy max-MI target order (Yang et al. 2025).
 *
 * <p>S has too many values for plug-in counts, so MI(S; t_i | t_C) is estimated as the largest
 * Î(F; t_i | t_C) over source features F: every single source token s_j and every pair
 * (s_j, s_k). By data processing each is a lower bound, tight when t_i depends on at most two
 * source tokens given t_C (one digit of a sum given the digit before it). C is the last
 * {@code conditionOn} chosen positions, which keeps the counts well filled. Entropies are plug-in
 * with the Miller–Madow correction; units are bits.
 */
public final class MiEstimator {

    private static final double LN2 = Math.log(2);
    private final int[][] sources;   // (N, n)
    private final int[][] targets;   // (N, m)
    private final int base;          // > every token id
    private final int conditionOn;

    /**
     * @param sources     (N, n) source tokens, same n for every sample
     * @param targets     (N, m) target tokens, same m for every sample
     * @param conditionOn how many of the last chosen positions to condition on (0 = none)
     */
    public MiEstimator(int[][] sources, int[][] targets, int conditionOn) {
        if (sources.length == 0 || sources.length != targets.length) {
            throw new IllegalArgumentException("need as many sources as targets, at least one");
        }
        this.sources = sources;
        this.targets = targets;
        this.conditionOn = conditionOn;
        int max = 0;
        for (int s = 0; s < sources.length; s++) {
            if (sources[s].length != sources[0].length || targets[s].length != targets[0].length) {
                throw new IllegalArgumentException("sample " + s + " differs in source or target length");
            }
            for (int v : sources[s]) {
                max = Math.max(max, v);
            }
            for (int v : targets[s]) {
                max = Math.max(max, v);
            }
        }
        this.base = max + 1;
    }

    /** From tokenized task examples: source = prompt tokens, target = target tokens. */
    public static MiEstimator of(List<TaskTokens> examples, int conditionOn) {
        int[][] s = new int[examples.size()][];
        int[][] t = new int[examples.size()][];
        for (int i = 0; i < s.length; i++) {
            TaskTokens e = examples.get(i);
            s[i] = java.util.Arrays.copyOfRange(e.tokens(), 0, e.targetStart());
            t[i] = java.util.Arrays.copyOfRange(e.tokens(), e.targetStart(), e.tokens().length);
        }
        return new MiEstimator(s, t, conditionOn);
    }

    /** Target length m. */
    public int targetLength() {
        return targets[0].length;
    }

    /** Estimated MI(S; t_i | t_C) in bits, C = {@code chosen} (only its last conditionOn entries are used). */
    public double mi(int i, List<Integer> chosen) {
        List<Integer> c = chosen.subList(Math.max(0, chosen.size() - conditionOn), chosen.size());
        long[] z = new long[sources.length];
        long[] yz = new long[sources.length];
        for (int s = 0; s < sources.length; s++) {
            long key = 0;
            for (int p : c) {
                key = key * base + targets[s][p];
            }
            z[s] = key;
            yz[s] = key * base + targets[s][i];
        }
        double hZ = entropy(z);
        double hYZ = entropy(yz);
        int n = sources[0].length;
        double best = 0;
        long[] xz = new long[sources.length];
        long[] xyz = new long[sources.length];
        long b2 = (long) base * base;
        for (int j = 0; j < n; j++) {
            for (int k = j; k < n; k++) {
                for (int s = 0; s < sources.length; s++) {
                    long x = k == j ? sources[s][j] : (long) sources[s][j] * base + sources[s][k];
                    xz[s] = z[s] * b2 + x;
                    xyz[s] = yz[s] * b2 + x;
                }
                best = Math.max(best, entropy(xz) + hYZ - entropy(xyz) - hZ);
            }
        }
        return best;
    }

    /** Greedy max-MI order: repeatedly the position with the largest MI given those chosen before. */
    public TargetOrder greedyOrder() {
        int m = targetLength();
        List<Integer> chosen = new ArrayList<>(m);
        boolean[] used = new boolean[m];
        for (int step = 0; step < m; step++) {
            int arg = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                if (!used[i]) {
                    double v = mi(i, chosen);
                    if (v > best + 1e-12) {
                        best = v;
                        arg = i;
                    }
                }
            }
            used[arg] = true;
            chosen.add(arg);
        }
        return new TargetOrder("mi", chosen.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Miller–Madow corrected plug-in entropy of the keys, in bits. */
    private static double entropy(long[] keys) {
        Map<Long, int[]> counts = new HashMap<>(1024);
        for (long k : keys) {
            counts.computeIfAbsent(k, x -> new int[1])[0]++;
        }
        double n = keys.length;
        double h = 0;
        for (int[] c : counts.values()) {
            double p = c[0] / n;
            h -= p * Math.log(p);
        }
        return (h + (counts.size() - 1) / (2 * n)) / LN2;
    }
}
