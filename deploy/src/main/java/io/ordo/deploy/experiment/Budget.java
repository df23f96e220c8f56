package io.ordo.deploy.experiment;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The budget every arm of an experiment shares: task, model shape, steps, batch, learning rate,
 * evaluation cadence (all as {@code ordo.job} keys without the prefix) and the seeds each arm runs
 * with. {@link io.ordo.deploy.JobConfig} validates the keys when an arm starts.
 *
 * @param keys  job keys, in a stable order for printing
 * @param seeds model and data seeds; every arm runs once per seed
 */
public record Budget(Map<String, Object> keys, List<Long> seeds) {

    public Budget {
        keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one seed");
        }
    }

    /** This budget with {@code overrides} (null values ignored) replacing its keys. */
    public Budget with(Map<String, Object> overrides) {
        Map<String, Object> k = new LinkedHashMap<>(keys);
        overrides.forEach((key, value) -> {
            if (value != null) {
                k.put(key, value);
            }
        });
        return new Budget(k, seeds);
    }

    /** This budget with other seeds. */
    public Budget withSeeds(List<Long> s) {
        return new Budget(keys, s);
    }

    /** The value of {@code key}, or null. */
    public Object get(String key) {
        return keys.get(key);
    }

    /** The keys as {@code key=value} pairs, for the results header; keys the arms set are left out. */
    public String describe(Collection<Arm> arms) {
        Set<String> varied = new HashSet<>();
        arms.forEach(a -> varied.addAll(a.keys().keySet()));
        StringBuilder b = new StringBuilder();
        keys.forEach((k, v) -> {
            if (!varied.contains(k)) {
                b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v);
            }
        });
        return b.append(", seeds=").append(seeds).toString();
    }
}
