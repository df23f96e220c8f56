package io.ordo.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordo.actors.state.ModelState;
import io.ordo.checkpoint.Checkpoint;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.checkpoint.Section;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a finished run directory holds, read for tests: its final parameters and its metrics lines. */
public final class RunFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {
    }

    /** The newest valid checkpoint of {@code run}, which must be of {@code step}. */
    public static Checkpoint finalCheckpoint(Path run, long step) throws IOException {
        try (CheckpointStore store = new CheckpointStore(run.resolve("checkpoints"), 3)) {
            Checkpoint c = store.loadLatestValid()
                    .orElseThrow(() -> new AssertionError("no valid checkpoint in " + run));
            if (c.step() != step) {
                throw new AssertionError("newest checkpoint of " + run + " is of step " + c.step() + ", not " + step);
            }
            return c;
        }
    }

    /** The parameters of the newest valid checkpoint of {@code run}, which must be of {@code step}. */
    public static float[] finalParams(Path run, long step) throws IOException {
        Section params = finalCheckpoint(run, step).sections().stream()
                .filter(s -> s.name().equals(ModelState.PARAMS)).findFirst().orElseThrow();
        FloatBuffer floats = params.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] out = new float[floats.remaining()];
        floats.get(out);
        return out;
    }

    /** Every line of {@code run}'s {@code metrics.jsonl}, parsed. */
    public static List<JsonNode> metrics(Path run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** The steps of the lines of {@code kind}, in file order. */
    public static List<Long> steps(List<JsonNode> lines, String kind) {
        return lines.stream().filter(n -> n.get("kind").asText().equals(kind)).map(n -> n.get("step").asLong()).toList();
    }

    /** Max |a[i] - b[i]|; the arrays must have one length. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("parameter counts differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
