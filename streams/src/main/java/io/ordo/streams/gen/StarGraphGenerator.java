package io.ordo.streams.gen;

import io.ordo.streams.cursor.Cursor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Star graph G(d, l, N) (Bachmann &amp; Nagarajan 2024, as in the Next-Token-Failures code).
 *
 * <p>A start node has {@code d} arms, each a path of {@code l} nodes counting the start node
 * ({@code l - 1} edges per arm), node labels drawn without repetition from 0..N-1. One arm ends
 * at the goal. The sample is {@code edges/start,goal=path} where {@code edges} are {@code u,v}
 * pairs joined by {@code |} in random order and {@code path} is the goal arm's {@code l} nodes
 * from start to goal joined by {@code ,}. The loss applies only to {@code path}.
 *
 * <p>Train and test are disjoint: a sample belongs to {@link Split#TEST} iff a hash of its text
 * falls under {@code testFraction}; example {@code i} of a split is the first draw in that split
 * from the random stream keyed by (seed, i, attempt).
 */
public final class StarGraphGenerator implements TaskGenerator {

    private final int degree;
    private final int pathLen;
    private final int nodes;
    private final long seed;
    private final Split split;
    private final double testFraction;

    /**
     * @param degree       d: arms from the start node (>= 1)
     * @param pathLen      l: nodes per arm including the start node (>= 2)
     * @param nodes        N: node labels 0..N-1, at least d(l-1)+1
     * @param seed         generator seed
     * @param split        which partition to draw from
     * @param testFraction share of all samples held out for {@link Split#TEST}, in [0, 1)
     */
    public StarGraphGenerator(int degree, int pathLen, int nodes, long seed, Split split, double testFraction) {
        if (degree < 1 || pathLen < 2 || nodes < degree * (pathLen - 1) + 1) {
            throw new IllegalArgumentException("star graph needs d>=1, l>=2, N>=d(l-1)+1; got d=" + degree
                    + " l=" + pathLen + " N=" + nodes);
        }
        if (testFraction < 0 || testFraction >= 1) {
            throw new IllegalArgumentException("testFraction must be in [0,1): " + testFraction);
        }
        this.degree = degree;
        this.pathLen = pathLen;
        this.nodes = nodes;
        this.seed = seed;
        this.split = split;
        this.testFraction = testFraction;
    }

    /** N: number of node labels (the task tokenizer's vocabulary is N + 4). */
    public int nodes() {
        return nodes;
    }

    /** Tokens per sample: 3 per edge (u, v, separator) with d(l-1) edges, start, goal, '=' and l path nodes. */
    public int sampleTokens() {
        int edges = degree * (pathLen - 1);
        return 3 * edges + 2 + 1 + pathLen;
    }

    @Override
    public String id() {
        return "stargraph(d=" + degree + ",l=" + pathLen + ",N=" + nodes + ",seed=" + seed + ","
                + split.name().toLowerCase() + "=" + testFraction + ")";
    }

    @Override
    public TaskExample example(long index) {
        for (long attempt = 0; ; attempt++) {
            String[] pt = draw(SeededRandom.of(seed, index, attempt));
            if (splitOf(pt[0] + pt[1]) == split) {
                return new TaskExample(pt[0], pt[1], Cursor.at(id(), index));
            }
        }
    }

    private Split splitOf(String text) {
        long h = SeededRandom.mix(text.hashCode() * 0x9E3779B97F4A7C15L + text.length());
        double u = (h >>> 11) * 0x1.0p-53;
        return u < testFraction ? Split.TEST : Split.TRAIN;
    }

    /** One sample as {prompt, target}. */
    private String[] draw(SplittableRandom rnd) {
        boolean[] used = new boolean[nodes];
        int start = rnd.nextInt(nodes);
        used[start] = true;
        List<int[]> edges = new ArrayList<>(degree * (pathLen - 1));
        int[] path = arm(start, used, rnd, edges);
        for (int a = 1; a < degree; a++) {
            arm(start, used, rnd, edges);
        }
        shuffle(edges, rnd);
        StringBuilder p = new StringBuilder(8 * edges.size());
        for (int i = 0; i < edges.size(); i++) {
            if (i > 0) {
                p.append('|');
            }
            p.append(edges.get(i)[0]).append(',').append(edges.get(i)[1]);
        }
        p.append('/').append(start).append(',').append(path[pathLen - 1]).append('=');
        StringBuilder t = new StringBuilder(4 * pathLen);
        for (int i = 0; i < pathLen; i++) {
            if (i > 0) {
                t.append(',');
            }
            t.append(path[i]);
        }
        return new String[] {p.toString(), t.toString()};
    }

    /** Draws one arm of fresh nodes from {@code start}, appending its edges; returns its nodes. */
    private int[] arm(int start, boolean[] used, SplittableRandom rnd, List<int[]> edges) {
        int[] arm = new int[pathLen];
        arm[0] = start;
        for (int i = 1; i < pathLen; i++) {
            int v;
            do {
                v = rnd.nextInt(nodes);
            } while (used[v]);
            used[v] = true;
            arm[i] = v;
            edges.add(new int[] {arm[i - 1], v});
        }
        return arm;
    }

    private static void shuffle(List<int[]> list, SplittableRandom rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int[] tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
