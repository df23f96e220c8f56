package io.ordo.deploy.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordo.actors.EvalJson;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code OUT/ARM-sSEED/arm-result.json}: a finished arm's {@link ArmResult} (its curve, the summary
 * fields the results use, wall time, workers, extras and the steps it resumed from), written when the
 * arm finishes. {@code ordo experiment --resume} keeps an arm that has one instead of training it again.
 */
final class ArmResultFile {
    static final String NAME = "arm-result.json";

    private ArmResultFile() {
    }

    /** Whether the arm in {@code armDir} finished. */
    static boolean exists(Path armDir) {
        return Files.isRegularFile(armDir.resolve(NAME));
    }

    /** Writes {@code r} into its directory. */
    static void write(ArmResult r) throws IOException {
        ObjectNode n = JsonFile.JSON.createObjectNode();
        n.put("arm", r.arm()).put("seed", r.seed()).put("workers", r.workers()).put("wall_seconds", r.wallSeconds());
        ArrayNode resumed = n.putArray("resumed_from");
        r.resumedFrom().forEach(resumed::add);
        RunSummary s = r.summary();
        ObjectNode summary = n.putObject("summary").put("steps", s.steps()).put("restarts", s.restarts())
                .put("seconds", s.seconds()).put("tokens", s.tokens());
        ObjectNode bad = summary.putObject("bad_input");
        new TreeMap<>(s.badInput()).forEach(bad::put);
        ArrayNode curve = n.putArray("curve");
        r.curve().forEach(e -> EvalJson.put(curve.addObject().put("step", e.step()), e));
        ObjectNode extras = n.putObject("extras");
        r.extras().forEach(extras::put);
        JsonFile.write(r.dir().resolve(NAME), n);
    }

    /** The result kept in {@code armDir}. */
    static ArmResult read(Path armDir) throws IOException {
        Path file = armDir.resolve(NAME);
        JsonNode n = JsonFile.read(file);
        List<EvalResult> curve = new ArrayList<>();
        n.path("curve").forEach(e -> curve.add(EvalJson.read(e)));
        JsonNode s = n.path("summary");
        long steps = s.path("steps").asLong();
        EvalResult last = curve.stream().filter(e -> e.step() == steps).findFirst().orElse(null);
        Map<String, Long> badInput = new TreeMap<>();
        s.path("bad_input").fields().forEachRemaining(f -> badInput.put(f.getKey(), f.getValue().asLong()));
        RunSummary summary = new RunSummary(steps, last, s.path("restarts").asInt(),
                EvalJson.number(s.get("seconds")), s.path("tokens").asLong(), badInput);
        Map<String, Double> extras = new LinkedHashMap<>();
        n.path("extras").fields().forEachRemaining(f -> extras.put(f.getKey(), EvalJson.number(f.getValue())));
        List<Long> resumedFrom = new ArrayList<>();
        n.path("resumed_from").forEach(v -> resumedFrom.add(v.asLong()));
        return new ArmResult(n.path("arm").asText(), n.path("seed").asLong(), curve, summary, armDir,
                EvalJson.number(n.get("wall_seconds")), n.path("workers").asInt(), extras, resumedFrom);
    }
}
