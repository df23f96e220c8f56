package io.ordo.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ordo.actors.job.TrainingJob;
import io.ordo.actors.metrics.ActorMetrics;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.actors.metrics.TrainingMetrics;
import io.ordo.actors.report.RunListeners;
import io.ordo.actors.report.RunSummary;
import io.ordo.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real run with the instrumented mailbox and a crashed trainer: the actor and stream meters move. */
class SupervisorMetricsTest {

    @Test
    void shouldCountTrainerRestartsMessagesStreamStagesAndTokensOfARealRun(@TempDir Path out) throws Exception {
        TrainingJob job = Runs.job(out, 12, false, 8);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OrdoMetrics metrics = new OrdoMetrics(registry);
        var config = ConfigFactory.parseString("""
                pekko.actor.typed.default-mailbox.mailbox-type = "io.ordo.actors.metrics.InstrumentedMailbox"
                pekko.actor.typed.default-mailbox.guardian-type = "supervisor"
                """).withFallback(ConfigFactory.load());
        CompletableFuture<RunSummary> done = new CompletableFuture<>();
        try (CheckpointStore store = new CheckpointStore(job.checkpointDir(), job.keepCheckpoints())) {
            ActorSystem<Supervisor.Event> system = ActorSystem.create(ActorMetrics.instrument("supervisor",
                            Supervisor.create(NodePlan.inJvm(job, store, null, new FaultInjector(job.failAtStep()),
                                    java.util.Optional.empty()),
                                    RunListeners.of(new TrainingMetrics(registry, metrics.status())), done)),
                    "ordo-metrics", ActorSystemSetup.create(BootstrapSetup.create(config))
                            .withSetup(OrdoMetrics.setup(metrics)));
            try {
                RunSummary summary = done.get(120, TimeUnit.SECONDS);
                assertEquals(1, summary.restarts());
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(1.0, metrics.actor("trainer").restarts(), "one injected crash, one restart");
        assertTrue(metrics.actor("trainer").messagesProcessed() >= 12, "one batch message per step at least");
        assertTrue(metrics.actor("supervisor").messagesProcessed() >= 12, "one Stepped event per step at least");
        assertTrue(metrics.actor("checkpointer").processingTimer().count() >= 2);
        assertEquals(0, metrics.actor("trainer").mailboxDepth());
        // steps 1..8 ran twice up to the crash at 8 (resumed from the step-5 checkpoint): 8 + 7 steps
        assertTrue(registry.get("ordo.stream.elements").tag("stage", "batched").functionCounter().count() >= 12);
        assertTrue(registry.get("ordo.stream.elements").tag("stage", "examples").functionCounter().count() >= 12 * 8);
        assertTrue(registry.get("ordo.tokens").counter().count() > 0);
        assertTrue(metrics.status().isFinished());
    }
}
