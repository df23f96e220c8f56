package io.ordo.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The budget and model-shape options that {@code ordo train}, {@code ordo launch} and
 * {@code ordo experiment} share (a picocli mixin), as {@code ordo.job} keys.
 */
public final class ShapeOptions {
    @Option(names = "--steps", description = "optimizer steps")
    Long steps;

    @Option(names = "--batch", description = "sequences per step (the global batch, split over workers or ranks)")
    Integer batch;

    @Option(names = "--lr", description = "peak learning rate")
    Double lr;

    @Option(names = "--d-model", description = "residual width")
    Integer dModel;

    @Option(names = "--layers", description = "transformer blocks")
    Integer layers;

    @Option(names = "--heads", description = "attention heads")
    Integer heads;

    /** The options given, as job keys without the {@code ordo.job.} prefix, in a stable order. */
    public Map<String, Object> keys() {
        Map<String, Object> m = new LinkedHashMap<>();
        putIfGiven(m, "steps", steps);
        putIfGiven(m, "batch", batch);
        putIfGiven(m, "lr", lr);
        putIfGiven(m, "d-model", dModel);
        putIfGiven(m, "layers", layers);
        putIfGiven(m, "heads", heads);
        return m;
    }

    private static void putIfGiven(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
