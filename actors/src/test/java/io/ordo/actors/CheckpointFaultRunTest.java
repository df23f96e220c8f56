package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.metrics.NodeStatus;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.actors.metrics.TrainingMetrics;
import io.ordo.actors.report.CheckpointFailure;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.checkpoint.CheckpointStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Real training runs whose checkpoint directory is a small tmpfs that fills up and goes read-only
 * mid-run: training trains every step, each failed write is reported (log, {@code metrics.jsonl},
 * {@code ordo_checkpoint_failures_total}, the node status that {@code /ready} reads) and the next
 * checkpoint step writes again once the disk recovers. With asynchronous and with synchronous
 * checkpoints. A last-step checkpoint that cannot be written ends the run with the failure in its
 * summary; one at shutdown is logged.
 */
@Tag("system")
class CheckpointFaultRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "async-checkpoint {0}")
    @ValueSource(booleans = {true, false})
    void shouldTrainThroughAFullAndAReadOnlyDiskAndCheckpointAgainOnceItRecovers(boolean async, @TempDir Path out)
            throws Exception {
        TrainingJob job = Runs.job(out, 30, false, -1).toBuilder().keepCheckpoints(2).asyncCheckpoint(async).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeStatus status = new OrdoMetrics(registry).status();
        Events events = new Events();
        List<String> seen = new ArrayList<>();
        try (Tmpfs disk = Tmpfs.mount(job.checkpointDir(), "8m")) {
            FaultInjector faults = FaultInjector.beforeCheckpoints(step -> {
                try {
                    if (step == 10) {
                        events.await(s -> events.written.contains(5L), "the step-5 checkpoint");
                        disk.fill();
                    } else if (step == 15) {
                        events.await(s -> events.failed.contains(10L), "the step-10 failure");
                        seen.add(status.checkpointFailure().map(CheckpointFailure::describe).orElse("ready"));
                        disk.free();
                    } else if (step == 20) {
                        events.await(s -> events.written.contains(15L), "the step-15 checkpoint");
                        seen.add(status.checkpointFailure().map(CheckpointFailure::describe).orElse("ready"));
                        disk.readOnly();
                    } else if (step == 25) {
                        events.await(s -> events.failed.contains(20L), "the step-20 failure");
                        seen.add(status.checkpointFailure().map(CheckpointFailure::describe).orElse("ready"));
                        disk.readWrite();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            RunSummary summary = Runs.run(job, faults, io.ordo.actors.report.RunListeners.of(
                    new TrainingMetrics(registry, status), events)).summary();

            assertEquals(30, summary.steps(), "every step trained");
            assertEquals(0, summary.restarts(), "a failed checkpoint does not restart the trainer");
            assertNull(summary.finalCheckpointFailure(), "the last checkpoint was written");
            Path dir = job.checkpointDir();
            assertEquals(List.of(
                    "checkpoint at step 10 failed in " + dir + ": No space left on device; last good checkpoint: step 5",
                    "ready",
                    "checkpoint at step 20 failed in " + dir + ": " + dir.resolve(CheckpointStore.fileName(20))
                            + ".tmp: Read-only file system; last good checkpoint: step 15"), seen,
                    "the node status (what /ready reports) after each failure and after the next good write");
            assertTrue(status.checkpointFailure().isEmpty());
            assertEquals(2.0, registry.get("ordo.checkpoint.failures").counter().count());

            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(job.metricsFile())) {
                lines.add(JSON.readTree(line));
            }
            assertEquals(List.of(5L, 15L, 25L, 30L), steps(lines, "checkpoint"));
            assertEquals(List.of(10L, 20L), steps(lines, "checkpoint_failed"));
            JsonNode full = lines.stream().filter(n -> n.path("kind").asText().equals("checkpoint_failed")).findFirst()
                    .orElseThrow();
            assertEquals("No space left on device", full.path("error").asText());
            assertEquals(dir.toString(), full.path("dir").asText());
            assertEquals(5, full.path("last_good_step").asLong());

            try (CheckpointStore store = new CheckpointStore(dir, 2); Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(CheckpointStore.fileName(25), CheckpointStore.fileName(30)),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), "keep 2, no temp file left");
                assertEquals(30, store.loadLatestValid().orElseThrow().step());
            }
        }
    }

    @ParameterizedTest(name = "async-checkpoint {0}")
    @ValueSource(booleans = {true, false})
    void shouldFinishARunWhoseLastCheckpointCannotBeWrittenAndSaySo(boolean async, @TempDir Path out) throws Exception {
        TrainingJob job = Runs.job(out, 20, false, -1).toBuilder().asyncCheckpoint(async).build();
        Events events = new Events();
        try (Tmpfs disk = Tmpfs.mount(job.checkpointDir(), "8m")) {
            FaultInjector faults = FaultInjector.beforeCheckpoints(step -> {
                if (step == 10) {
                    try {
                        events.await(s -> events.written.contains(5L), "the step-5 checkpoint");
                        disk.fill(); // and it stays full
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });

            RunSummary summary = Runs.run(job, faults, events).summary();

            assertEquals(20, summary.steps());
            assertEquals(0, summary.restarts());
            assertEquals(Set.of(10L, 15L, 20L), events.failed);
            CheckpointFailure last = summary.finalCheckpointFailure();
            assertEquals(20, last.step());
            assertEquals(5, last.lastGoodStep());
            assertEquals("the final checkpoint (step 20) was not written to " + job.checkpointDir()
                    + ": No space left on device; the newest checkpoint on disk is step 5", summary.notDurable().orElseThrow());
        }
    }

    @Test
    void shouldLogAShutdownCheckpointThatCannotBeWrittenNamingTheDirectoryAndTheError(@TempDir Path out)
            throws Exception {
        TrainingJob job = Runs.job(out, 100_000, false, -1).toBuilder().checkpointEvery(0).build();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger trainerLog = (Logger) LoggerFactory.getLogger(TrainerActor.class);
        log.start();
        trainerLog.addAppender(log);
        CountDownLatch full = new CountDownLatch(1);
        try (Tmpfs disk = Tmpfs.mount(job.checkpointDir(), "8m");
             CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            FaultInjector faults = FaultInjector.beforeCheckpoints(step -> {
                if (step == 5) {
                    try {
                        disk.fill();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    full.countDown();
                }
            });
            ActorSystem<Supervisor.Event> system = ActorSystem.create(Supervisor.create(NodePlan.inJvm(job, store, null,
                    faults, Optional.empty()), new RunListener() {
                    }, new CompletableFuture<>()), "ordo-shutdown-test");
            assertTrue(full.await(120, TimeUnit.SECONDS), "the run reached step 5");
            system.terminate(); // as on SIGTERM: the trainer checkpoints at shutdown, and the disk is full
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } finally {
            trainerLog.detachAppender(log);
        }
        String errors = log.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage)
                .reduce("", (a, b) -> a + b + "\n");
        assertTrue(errors.matches("(?s)checkpoint at shutdown \\(step \\d+\\) failed in " + Pattern.quote(
                job.checkpointDir().toString()) + ": No space left on device; the newest checkpoint on disk is an older one\n"),
                errors);
    }

    private static List<Long> steps(List<JsonNode> lines, String kind) {
        return lines.stream().filter(n -> n.path("kind").asText().equals(kind)).map(n -> n.path("step").asLong())
                .toList();
    }

    /** The checkpoint steps written and failed so far, and a way for the trainer's hook to wait for one. */
    private static final class Events implements RunListener {
        final Set<Long> written = ConcurrentHashMap.newKeySet();
        final Set<Long> failed = ConcurrentHashMap.newKeySet();

        @Override
        public void onCheckpoint(long step, Path file, double seconds) {
            written.add(step);
        }

        @Override
        public void onCheckpointFailed(CheckpointFailure failure) {
            failed.add(failure.step());
        }

        void await(LongPredicate done, String what) throws InterruptedException {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!done.test(0)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out waiting for " + what);
                }
                Thread.sleep(5);
            }
        }
    }
}
