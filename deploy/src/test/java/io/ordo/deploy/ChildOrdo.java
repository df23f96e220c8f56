package io.ordo.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ordo} in a JVM of its own (the CLI main class on the test classpath), for tests that SIGKILL it. */
final class ChildOrdo {
    private ChildOrdo() {
    }

    /**
     * Starts {@code ordo args...} with {@code -D} settings {@code properties}, its output into {@code log}.
     */
    static Process start(List<String> properties, List<String> args, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:+UseSerialGC"));
        properties.forEach(p -> cmd.add("-D" + p));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OrdoCommand.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }
}
