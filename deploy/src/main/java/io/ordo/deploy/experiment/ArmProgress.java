package io.ordo.deploy.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ordo.actors.EvalJson;
import io.ordo.actors.report.RunListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A training arm's wall time and the checkpoint steps it resumed from, kept in
 * {@code OUT/ARM-sSEED/arm-progress.json} at every checkpoint, so that an arm resumed after an
 * interruption counts its time before it (up to its last checkpoint) and says where it resumed.
 */
final class ArmProgress implements RunListener {
    static final String NAME = "arm-progress.json";

    private final Path file;
    private final double secondsBefore;
    private final List<Long> resumedFrom;
    private final long startNanos = System.nanoTime();

    private ArmProgress(Path armDir, double secondsBefore, List<Long> resumedFrom) {
        this.file = armDir.resolve(NAME);
        this.secondsBefore = secondsBefore;
        this.resumedFrom = List.copyOf(resumedFrom);
    }

    /** An arm starting from step 0. */
    static ArmProgress start(Path armDir) {
        return new ArmProgress(armDir, 0, List.of());
    }

    /** An arm resuming from its checkpoint at {@code step}, after the time its directory's progress file counted. */
    static ArmProgress resume(Path armDir, long step) throws IOException {
        Path file = armDir.resolve(NAME);
        double before = 0;
        List<Long> resumed = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            JsonNode n = JsonFile.read(file);
            before = EvalJson.number(n.get("wall_seconds"));
            n.path("resumed_from").forEach(v -> resumed.add(v.asLong()));
        }
        resumed.add(step);
        return new ArmProgress(armDir, before, resumed);
    }

    /** Seconds trained so far, this run and the ones before an interruption. */
    double wallSeconds() {
        return secondsBefore + (System.nanoTime() - startNanos) / 1e9;
    }

    List<Long> resumedFrom() {
        return resumedFrom;
    }

    @Override
    public void onCheckpoint(long step, Path checkpoint, double seconds) {
        ObjectNode n = JsonFile.JSON.createObjectNode().put("wall_seconds", wallSeconds());
        var resumed = n.putArray("resumed_from");
        resumedFrom.forEach(resumed::add);
        try {
            JsonFile.write(file, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
