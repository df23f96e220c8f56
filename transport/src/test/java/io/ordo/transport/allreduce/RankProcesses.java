package io.ordo.transport.allreduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link RankProcess} JVMs for a ring on one host and collects their output. */
final class RankProcesses {
    private RankProcesses() {
    }

    static List<Process> start(String aeronDir, int worldSize, int baseStream, String mode, long timeoutMs, Path logDir)
            throws IOException {
        List<Process> processes = new ArrayList<>();
        for (int rank = 0; rank < worldSize; rank++) {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC",
                    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), RankProcess.class.getName(),
                    aeronDir, String.valueOf(rank), String.valueOf(worldSize), String.valueOf(baseStream), mode,
                    String.valueOf(timeoutMs));
            builder.redirectErrorStream(true);
            builder.redirectOutput(logDir.resolve("rank-" + rank + ".log").toFile());
            processes.add(builder.start());
        }
        return processes;
    }
}
