package io.ordo.deploy.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * When a soak SIGKILLs {@code ordo train}: what it aims at, and (from what the run directory and
 * the log show right after the kill) where the kill really landed.
 */
enum KillMoment {
    /** Before training starts: JVM start, ND4J load, checkpoint restore. */
    START_UP,
    /** Between checkpoints, in the middle of some step. */
    MID_STEP,
    /** While a checkpoint's temp file is being written (before its rename). */
    MID_CHECKPOINT_WRITE;

    private static final Pattern TEMP = Pattern.compile("step-(\\d+)\\.ckpt\\.tmp");
    private static final Pattern CHECKPOINT = Pattern.compile("step-(\\d+)\\.ckpt");
    /** The line {@code ordo train} prints when its first step is about to run: "N parameters, steps A..B". */
    private static final Pattern TRAINING = Pattern.compile("parameters, steps \\d+\\.\\.\\d+");

    /**
     * Aims a SIGKILL of {@code p} at this moment, waits for the process to die, and says where it
     * landed. Mid-step and mid-write kills wait for training past step {@code aim} (a checkpoint
     * after it written, or being written).
     */
    KillMoment strike(Process p, Path run, Path log, long aim, SplittableRandom random) throws Exception {
        Path checkpoints = run.resolve("checkpoints");
        long started = System.currentTimeMillis() - 1000; // file times are coarse; the JVM took longer than that to start
        switch (this) {
            case START_UP -> sleepWhileAlive(p, log, 100 + random.nextInt(900)); // the JVM and ND4J take longer
            case MID_STEP -> {
                awaitWhileAlive(p, log, () -> maxStep(checkpoints, CHECKPOINT) > aim);
                sleepWhileAlive(p, log, random.nextInt(400));
            }
            case MID_CHECKPOINT_WRITE -> awaitWhileAlive(p, log, () -> maxStep(checkpoints, TEMP) > aim);
            default -> throw new IllegalStateException(name());
        }
        boolean training = TRAINING.matcher(Files.readString(log)).find();
        p.destroyForcibly(); // SIGKILL on Linux
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("a SIGKILLed ordo train did not exit");
        }
        if (tempWrittenSince(checkpoints, started)) {
            return MID_CHECKPOINT_WRITE;
        }
        return training ? MID_STEP : START_UP;
    }

    private static void sleepWhileAlive(Process p, Path log, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        awaitWhileAlive(p, log, () -> System.nanoTime() >= deadline);
    }

    private static void awaitWhileAlive(Process p, Path log, Condition done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.holds()) {
            if (!p.isAlive()) {
                throw new AssertionError("ordo train exited (" + p.exitValue() + ") before the kill: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the moment to kill never came: " + Files.readString(log));
            }
            Thread.onSpinWait();
        }
    }

    /** Whether this process left a checkpoint temp file (one from an earlier kill is older). */
    private static boolean tempWrittenSince(Path dir, long millis) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (TEMP.matcher(f.getFileName().toString()).matches()
                        && Files.getLastModifiedTime(f).toMillis() >= millis) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The highest step among the files of {@code dir} whose names match {@code name}, or -1. */
    private static long maxStep(Path dir, Pattern name) throws IOException {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(f -> f.getFileName().toString()).toList();
        } catch (NoSuchFileException e) {
            return -1; // the directory is being created
        }
        long max = -1;
        for (String n : names) {
            Matcher m = name.matcher(n);
            if (m.matches()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }
}
