package io.ordo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.deploy.cli.OrdoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ordo} in a JVM of its own (the CLI main class on the test classpath), for tests that SIGKILL it. */
public final class ChildOrdo {
    private ChildOrdo() {
    }

    /**
     * Starts {@code ordo args...} with {@code -D} settings {@code properties}, its output into {@code log}.
     */
    public static Process start(List<String> properties, List<String> args, Path log) throws IOException {
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

    /** Waits for {@code p} to exit 0 within {@code seconds} (else kills it and fails); returns its output. */
    public static String awaitSuccess(Process p, Path log, int seconds) throws IOException, InterruptedException {
        boolean exited = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly(); // a hung run must not outlive the test
        }
        String output = Files.readString(log);
        assertTrue(exited, "ordo finished in " + seconds + " s: " + output);
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    /** Waits until the run directory holds a checkpoint of {@code step} or later. */
    public static void awaitCheckpoint(Path out, long step, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("ordo train exited before the kill: " + Files.readString(log));
            }
            if (Files.isDirectory(out.resolve("checkpoints"))) {
                try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
                    if (s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".ckpt"))
                            .anyMatch(n -> Long.parseLong(n.replaceAll("\\D", "")) >= step)) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint of step " + step + " in time: " + Files.readString(log));
    }
}
