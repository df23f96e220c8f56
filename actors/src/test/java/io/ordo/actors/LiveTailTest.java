package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.actors.job.LiveOptions;
import io.ordo.actors.job.LiveSource;
import io.ordo.actors.job.TaskSpec;
import io.ordo.actors.job.TextOptions;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.live.LiveFeed;
import io.ordo.actors.live.LedgerAudit;
import io.ordo.actors.live.LiveFeeds;
import io.ordo.actors.report.RunListener;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.report.StepMetrics;
import io.ordo.actors.state.ModelState;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.checkpoint.CheckpointStore;
import io.ordo.streams.cursor.Cursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tail:DIR} through the one training loop: an idle directory pauses training (blank steps,
 * no failure, no restart), lines written later are trained, each checkpoint records the lane's
 * position, and a resumed run continues from it.
 */
class LiveTailTest {

    static TrainingJob job(Path out, Path dir, long steps, boolean resume, int workers) {
        LiveOptions options = new LiveOptions(LiveOptions.DEFAULTS.format(), Duration.ofMillis(50),
                Duration.ofMillis(200), "", 1 << 20, 0, 1L << 30, 64L << 20, "always", 0.2, true);
        TaskSpec task = TaskSpec.live(LiveSource.parse("tail:" + dir, options), new TextOptions("byte", 32, 0.2));
        ModelConfig model = new ModelConfig(task.tokenizer().vocabSize(), task.exampleTokens(), 32, 2, 1, 2, 0.0, false, 5);
        return TrainingJob.builder(task, Objective.ntp(), model, OptimizerConfig.defaults().withLearningRate(1e-2),
                        steps, out)
                .batchSize(4).dataSeed(11).evalExamples(8).checkpointEvery(3).resume(resume).workers(workers).build();
    }

    static String lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "record " + i + " the quick brown fox jumps over the lazy dog")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    static Map<String, Cursor> lanesOfLatest(Path out) throws Exception {
        try (CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), 3)) {
            return ModelState.meta(store.loadLatestValid().orElseThrow()).lanePositions();
        }
    }

    @Test
    void idleDirectoryWaitsThenTrainsWhatArrivesAndCheckpointsItsPosition(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("run");
        TrainingJob job = job(out, dir, 6, false, 1);
        List<Double> waits = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Long> steps = new CopyOnWriteArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void onWaitingForData(double waitedSeconds) {
                waits.add(waitedSeconds);
            }

            @Override
            public void onTrainerFailed(long epoch, int local, String reason) {
                failures.add(reason);
            }

            @Override
            public void onStep(StepMetrics m) {
                steps.add(m.step());
            }
        };
        Optional<LiveFeed> live = LiveFeeds.open(job, TrainerActor.batchConfig(job), out);
        CompletableFuture<RunSummary> done = new CompletableFuture<>();
        try (CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            ActorSystem<Supervisor.Event> system = ActorSystem.create(Supervisor.create(NodePlan.inJvm(job, store, null,
                    new FaultInjector(-1), live), listener, done), "ordo-live-test");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (waits.size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(waits.size() >= 3, "an empty directory makes idle steps, reported as waiting for data");
                assertTrue(steps.isEmpty(), "no step is counted without data");
                assertTrue(waits.get(waits.size() - 1) > waits.get(0), "the idle stretch grows");
                Files.writeString(dir.resolve("a.log"), lines(0, 200));
                RunSummary summary = done.get(60, TimeUnit.SECONDS);
                assertEquals(6, summary.steps());
                assertEquals(0, summary.restarts());
                assertTrue(failures.isEmpty(), "waiting is not failing: " + failures);
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
                live.ifPresent(LiveFeed::close);
            }
        }
        Map<String, Cursor> lanes = lanesOfLatest(out);
        Cursor at = lanes.get("tail:" + dir.toAbsolutePath().normalize());
        assertTrue(at != null, "the checkpoint holds the lane's position: " + lanes);
        assertEquals(dir.resolve("a.log").toAbsolutePath().normalize().toString(), at.source());
        assertTrue(at.offset() > 0 && at.offset() < Files.size(dir.resolve("a.log")),
                "6 steps of 4 x 32 bytes trained part of the file: " + at);
    }

    @Test
    void resumeContinuesFromTheCheckpointedPosition(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("run");
        Files.writeString(dir.resolve("a.log"), lines(0, 400));
        Runs.run(job(out, dir, 3, false, 1));
        Cursor first = lanesOfLatest(out).values().iterator().next();
        Files.writeString(dir.resolve("a.log"), lines(400, 500), StandardOpenOption.APPEND);
        Runs.Outcome resumed = Runs.run(job(out, dir, 9, true, 1));
        assertEquals(9, resumed.summary().steps());
        Cursor last = lanesOfLatest(out).values().iterator().next();
        // 6 more steps of 4 windows of 32 tokens, one byte per token, minus held-out lines in between
        long trainedBytes = last.offset() - first.offset();
        assertTrue(trainedBytes >= 6 * 4 * 32 && trainedBytes < 6 * 4 * 32 * 2,
                "the resumed run continued at the checkpoint's position: " + first + " -> " + last);
        assertFalse(resumed.losses().containsKey(3L), "steps before the checkpoint are not trained again");
        LedgerAudit.Result audit = LedgerAudit.audit(out);
        assertEquals(lanesOfLatest(out), audit.ends(), "the ledger's ranges join up to the final checkpoint's positions");
        assertEquals(9, audit.steps());
    }

    @Test
    void twoWorkersWithOneLaneTrainTheLaneOnceAndTheOtherSendsBlankRows(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Path out = tmp.resolve("run");
        Files.writeString(dir.resolve("a.log"), lines(0, 400));
        Runs.Outcome outcome = Runs.run(job(out, dir, 6, false, 2));
        assertEquals(6, outcome.summary().steps());
        assertEquals(0, outcome.summary().restarts());
        LedgerAudit.Result audit = LedgerAudit.audit(out);
        assertEquals(lanesOfLatest(out), audit.ends(), "rank 0's lane positions reached the checkpoint through the gather");
        assertEquals(6, audit.steps(), "rank 0 trained its lane every step; rank 1 has no lane and trained nothing");
    }
}
