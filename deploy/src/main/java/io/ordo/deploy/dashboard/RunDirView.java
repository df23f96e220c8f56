package io.ordo.deploy.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run directory seen from outside ({@code ordo dashboard --out DIR}): its {@code config.conf}
 * and the checkpoint files on disk. The learning curves come from its {@code metrics.jsonl}.
 */
public final class RunDirView implements NodeView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path outDir;

    public RunDirView(Path outDir) {
        this.outDir = outDir;
    }

    @Override
    public ObjectNode snapshot() {
        ObjectNode n = JSON.createObjectNode();
        n.put("mode", "offline").put("out", outDir.toAbsolutePath().toString()).put("time", System.currentTimeMillis() / 1000.0);
        n.put("config", config(outDir));
        ArrayNode files = n.putArray("checkpoints");
        for (Path f : checkpoints(outDir)) {
            try {
                files.addObject().put("file", f.toString()).put("bytes", Files.size(f));
            } catch (IOException e) {
                // removed meanwhile (keep-checkpoints): skip it
            }
        }
        return n;
    }

    static String config(Path outDir) {
        try {
            return Files.readString(outDir.resolve("config.conf"));
        } catch (IOException e) {
            return "";
        }
    }

    static List<Path> checkpoints(Path outDir) {
        try (Stream<Path> s = Files.list(outDir.resolve("checkpoints"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ckpt")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
