package io.ordo.kafkabroker;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the broker's JVMs (the storage formatter, the broker): this JDK's {@code java} with the
 * broker's own classpath, a 512 MiB heap, the serial GC and C1 only (a test broker starts faster so
 * and needs no peak speed), log4j2 configured by the broker directory's file, and stdout and stderr
 * appended to {@link BrokerFiles#CONSOLE} in that directory.
 */
final class ChildJvm {

    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private ChildJvm() {
    }

    /** Starts {@code mainClass args} in {@code dir}. */
    static Process start(Path dir, String classpath, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-Dlog4j2.configurationFile=" + dir.resolve(BrokerFiles.LOG_CONFIG).toUri());
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(BrokerFiles.CONSOLE).toFile()))
                .start();
    }

    /** Runs {@code mainClass args} in {@code dir} to its end; fails unless it exits with 0 within {@code timeout}. */
    static void run(Path dir, String classpath, Duration timeout, String mainClass, String... args) throws IOException {
        Process p = start(dir, classpath, mainClass, args);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(mainClass + " timed out after " + timeout.toSeconds() + " s (" + dir + ")");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + mainClass + " in " + dir, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(mainClass + " failed with status " + p.exitValue() + " (" + dir + ")\n"
                    + BrokerFiles.tail(dir.resolve(BrokerFiles.CONSOLE)));
        }
    }
}
