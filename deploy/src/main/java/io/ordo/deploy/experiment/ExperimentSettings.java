package io.ordo.deploy.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordo.deploy.config.MovedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code OUT/experiment.json}: what an experiment trains (its name, the budget's job keys, the arms
 * and the seeds), written when it starts, so that {@code --resume} continues only the same
 * experiment.
 *
 * @param experiment the experiment's name
 * @param budget     the budget, seeds included
 * @param arms       the arms' names, in run order
 */
record ExperimentSettings(String experiment, Budget budget, List<String> arms) {
    static final String NAME = "experiment.json";

    ExperimentSettings {
        arms = List.copyOf(arms);
    }

    void write(Path out) throws IOException {
        JsonFile.write(out.resolve(NAME), json());
    }

    /**
     * Checks that the experiment in {@code out} has these settings.
     *
     * @throws IllegalArgumentException naming the first key that differs and both values, or saying
     *                                  that {@code out} holds no experiment
     */
    void checkSameAs(Path out) throws IOException {
        Path file = out.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--resume: " + file + " does not exist, so " + out + " holds no "
                    + "experiment to continue; run without --resume");
        }
        Map<String, JsonNode> before = entries(JsonFile.read(file));
        Map<String, JsonNode> now = entries(json());
        Set<String> keys = new LinkedHashSet<>(now.keySet());
        keys.addAll(before.keySet());
        for (String k : keys) {
            if (!show(now.get(k)).equals(show(before.get(k)))) {
                throw new IllegalArgumentException(String.format("--resume: %s is %s in this command but %s in %s; "
                        + "resume with the same settings or choose another --out", k, show(now.get(k)),
                        show(before.get(k)), file));
            }
        }
    }

    private ObjectNode json() {
        ObjectNode n = JsonFile.JSON.createObjectNode().put("experiment", experiment);
        var names = n.putArray("arms");
        arms.forEach(names::add);
        var seeds = n.putArray("seeds");
        budget.seeds().forEach(seeds::add);
        ObjectNode keys = n.putObject("budget");
        budget.keys().forEach((k, v) -> keys.set(k, JsonFile.JSON.valueToTree(v)));
        return n;
    }

    /**
     * The settings by name: the budget's keys beside experiment, arms and seeds; keys of an
     * {@code experiment.json} written by ordo 0.1 (flat, e.g. {@code d-model}) by their new names.
     */
    private static Map<String, JsonNode> entries(JsonNode n) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(f -> {
            if (f.getKey().equals("budget")) {
                f.getValue().fields().forEachRemaining(b -> m.put(MovedKeys.current(b.getKey()), b.getValue()));
            } else {
                m.put(f.getKey(), f.getValue());
            }
        });
        return m;
    }

    /** A value as the command line spells it (JSON text, strings unquoted), or "unset". */
    private static String show(JsonNode v) {
        return v == null || v.isNull() ? "unset" : v.isTextual() ? v.asText() : v.toString();
    }
}
