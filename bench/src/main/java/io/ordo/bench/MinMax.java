package io.ordo.bench;

import java.util.List;
import java.util.Locale;

/** Smallest and largest of a bench's repeats, and the two as a "min–max" table cell. */
final class MinMax {
    private MinMax() {
    }

    /** {@code min–max} of {@code v}, each formatted with {@code fmt} (e.g. {@code "%,.0f"}). */
    static String range(List<Double> v, String fmt) {
        return String.format(Locale.ROOT, fmt + "–" + fmt, min(v), max(v));
    }

    /** Smallest of {@code v}; NaN when empty. */
    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** Largest of {@code v}; NaN when empty. */
    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
