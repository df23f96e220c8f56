package io.ordo.streams.mi;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A reversible order of the m positions of a fixed-length target, saved with the model.
 * {@code order[j]} is the natural position emitted j-th: training targets are
 * {@code apply(t)[j] = t[order[j]]}; predictions made in that order go back with {@link #invert}.
 *
 * @param kind  how it was chosen: {@code natural}, {@code reversed}, {@code random}, {@code mi}
 * @param order a permutation of 0..m-1
 */
public record TargetOrder(String kind, int[] order) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonCreator
    public TargetOrder(@JsonProperty("kind") String kind, @JsonProperty("order") int[] order) {
        boolean[] seen = new boolean[order.length];
        for (int p : order) {
            if (p < 0 || p >= order.length || seen[p]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (order.length - 1) + ": " + Arrays.toString(order));
            }
            seen[p] = true;
        }
        this.kind = kind;
        this.order = order.clone();
    }

    /** Identity order (most significant digit first for numbers). */
    public static TargetOrder natural(int m) {
        int[] o = new int[m];
        Arrays.setAll(o, i -> i);
        return new TargetOrder("natural", o);
    }

    /** Reversed order (least significant digit first for numbers). */
    public static TargetOrder reversed(int m) {
        int[] o = new int[m];
        Arrays.setAll(o, i -> m - 1 - i);
        return new TargetOrder("reversed", o);
    }

    /** A uniformly random order, fixed by {@code seed}. */
    public static TargetOrder random(int m, long seed) {
        int[] o = natural(m).order;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = m - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return new TargetOrder("random", o);
    }

    /** Target length m. */
    public int length() {
        return order.length;
    }

    @Override
    public int[] order() {
        return order.clone();
    }

    /** {@code t[off .. off+m)} reordered in place: position j gets natural position order[j]. */
    public void apply(int[] t, int off) {
        int[] natural = Arrays.copyOfRange(t, off, off + order.length);
        for (int j = 0; j < order.length; j++) {
            t[off + j] = natural[order[j]];
        }
    }

    /** A reordered copy of {@code natural}. */
    public int[] apply(int[] natural) {
        int[] t = natural.clone();
        apply(t, 0);
        return t;
    }

    /** Predictions emitted in this order back to natural order. */
    public int[] invert(int[] ordered) {
        int[] natural = new int[order.length];
        for (int j = 0; j < order.length; j++) {
            natural[order[j]] = ordered[j];
        }
        return natural;
    }

    /** JSON: {@code {"kind":"mi","order":[3,2,1,0]}}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses {@link #toJson()} output. */
    public static TargetOrder fromJson(String json) {
        try {
            return JSON.readValue(json, TargetOrder.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a target order: " + json, e);
        }
    }

    /** Writes the JSON to {@code file}. */
    public void save(Path file) {
        try {
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an order written by {@link #save}. */
    public static TargetOrder load(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetOrder t && kind.equals(t.kind) && Arrays.equals(order, t.order);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(order);
    }

    @Override
    public String toString() {
        return kind + Arrays.toString(order);
    }
}
