package io.ordo.deploy.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads values from the {@code ordo.job} section (keys are paths below it, e.g. {@code model.d-model})
 * with one-line errors that name the key, the value given (and the file and line it came from), and
 * what is allowed: {@code ordo.job.steps = 0; allowed: a whole number >= 1}.
 */
public final class JobKeys {
    /** The config path all job keys live under. */
    public static final String PREFIX = "ordo.job";

    private JobKeys() {
    }

    /** The full path of {@code key}, e.g. {@code ordo.job.model.d-model}. */
    public static String path(String key) {
        return PREFIX + "." + key;
    }

    /** A positive duration. */
    static Duration positive(Config c, String key) {
        Duration d = c.getDuration(key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(path(key) + " = " + d + "; allowed: a positive duration, e.g. 200ms");
        }
        return d;
    }

    /** A whole number at least {@code min}. */
    public static long longAtLeast(Config c, String key, long min) {
        long v;
        try {
            v = c.getLong(key);
        } catch (ConfigException.WrongType e) {
            throw bad(c, key, "a whole number >= " + min);
        }
        if (v < min) {
            throw bad(c, key, "a whole number >= " + min);
        }
        return v;
    }

    /** A whole number in {@code [min, Integer.MAX_VALUE]}. */
    public static int intAtLeast(Config c, String key, int min) {
        long v = longAtLeast(c, key, min);
        if (v > Integer.MAX_VALUE) {
            throw bad(c, key, "a whole number in " + min + ".." + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** A finite number greater than 0 ({@code positive}) or at least 0. */
    static double number(Config c, String key, boolean positive) {
        String allowed = positive ? "a number > 0, e.g. 3e-3" : "a number >= 0";
        double v;
        try {
            v = c.getDouble(key);
        } catch (ConfigException.WrongType e) {
            throw bad(c, key, allowed);
        }
        if (!Double.isFinite(v) || v < 0 || positive && v == 0) {
            throw bad(c, key, allowed);
        }
        return v;
    }

    /** A finite number in {@code [0, 1]}. */
    static double fraction(Config c, String key) {
        double v = number(c, key, false);
        if (v > 1) {
            throw bad(c, key, "a number in [0, 1]");
        }
        return v;
    }

    /** {@code d-model} divided by {@code heads}, or an error listing the head counts that divide it. */
    static void checkHeadsDivide(int dModel, int heads) {
        if (dModel % heads != 0) {
            List<Integer> fit = new ArrayList<>();
            for (int h = 1; h <= dModel && fit.size() < 12; h++) {
                if (dModel % h == 0) {
                    fit.add(h);
                }
            }
            throw new IllegalArgumentException(path(ModelSettings.HEADS) + " = " + heads + " does not divide "
                    + path(ModelSettings.D_MODEL) + " = " + dModel + "; allowed: heads that divide d-model, e.g. "
                    + fit + " (or a d-model that is a multiple of " + heads + ")");
        }
    }

    /** "ordo.job.KEY = VALUE (file: line); allowed: ALLOWED". */
    static IllegalArgumentException bad(Config c, String key, String allowed) {
        ConfigValue v = c.getValue(key);
        String from = v.origin().filename() != null ? " (" + v.origin().description() + ")" : "";
        return new IllegalArgumentException(path(key) + " = " + v.render() + from + "; allowed: "
                + allowed);
    }
}
