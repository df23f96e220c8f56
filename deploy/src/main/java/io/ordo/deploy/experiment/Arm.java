package io.ordo.deploy.experiment;

import java.util.Map;

/**
 * One arm of an experiment: what it changes against the other arms.
 *
 * @param name the arm's name on the command line ({@code --arms}) and in the results
 * @param keys {@code ordo.job} keys (without the prefix) this arm sets, e.g. {@code objective = top}
 */
public record Arm(String name, Map<String, Object> keys) {

    public Arm {
        keys = Map.copyOf(keys);
    }

    /** An arm that sets one key to its own name, e.g. {@code objective = mtp:2}. */
    public static Arm of(String key, String value) {
        return new Arm(value, Map.of(key, value));
    }

    /** The arm's name as a directory name: {@code mtp:2} becomes {@code mtp2}. */
    public String dirName() {
        return name.replaceAll("[^A-Za-z0-9_-]", "");
    }
}
