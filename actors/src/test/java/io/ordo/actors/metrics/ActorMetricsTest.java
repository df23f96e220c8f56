package io.ordo.actors.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

class ActorMetricsTest {

    /** Blocks on {@code gate} for "block", throws for "fail", else does nothing. */
    private static Behavior<String> worker(CountDownLatch gate) {
        return Behaviors.receiveMessage(m -> {
            if (m.equals("block")) {
                gate.await(30, TimeUnit.SECONDS);
            } else if (m.equals("fail")) {
                throw new IllegalStateException("injected");
            }
            return Behaviors.same();
        });
    }

    @Test
    void shouldCountMailboxDepthProcessedMessagesProcessingTimeAndRestartsPerActorType() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OrdoMetrics metrics = new OrdoMetrics(registry);
        var config = ConfigFactory.parseString("""
                pekko.actor.typed.default-mailbox.mailbox-type = "io.ordo.actors.metrics.InstrumentedMailbox"
                pekko.actor.typed.default-mailbox.guardian-type = "root"
                """).withFallback(ConfigFactory.load());
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<ActorRef<String>> spawned = new CompletableFuture<>();
        Behavior<ActorRef<String>> guardian = Behaviors.setup(ctx -> {
            spawned.complete(ctx.spawn(Behaviors.supervise(ActorMetrics.instrument("worker", worker(gate)))
                    .onFailure(IllegalStateException.class, SupervisorStrategy.restart()), "worker"));
            return Behaviors.receiveMessage(replyTo -> Behaviors.same());
        });
        ActorSystem<ActorRef<String>> system = ActorSystem.create(guardian, "metrics-test",
                ActorSystemSetup.create(BootstrapSetup.create(config)).withSetup(OrdoMetrics.setup(metrics)));
        try {
            ActorRef<String> w = spawned.get(10, TimeUnit.SECONDS);
            w.tell("block");
            await(() -> metrics.actor("worker").mailboxDepth() == 0 && metrics.actor("worker").messagesProcessed() == 1);
            for (int i = 0; i < 4; i++) {
                w.tell("hello");
            }
            // the worker is blocked in "block": its four messages wait in the mailbox
            await(() -> metrics.actor("worker").mailboxDepth() == 4);
            gate.countDown();
            await(() -> metrics.actor("worker").mailboxDepth() == 0 && metrics.actor("worker").messagesProcessed() == 5);
            await(() -> metrics.actor("worker").processingTimer().count() == 5);
            w.tell("fail");
            await(() -> metrics.actor("worker").restarts() == 1);
            assertEquals(1.0, registry.get("ordo.actor.restarts").tag("actor", "worker").counter().count());
            assertEquals(0.0, registry.get("ordo.actor.mailbox.depth").tag("actor", "worker").gauge().value());
            assertTrue(registry.get("ordo.actor.processing.duration").tag("actor", "worker").timer()
                    .totalTime(TimeUnit.NANOSECONDS) > 0);
            assertTrue(metrics.actors().containsKey("root"), "the guardian is counted under guardian-type");
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldNameActorTypesByPathWithoutGeneratedSuffixes() {
        assertEquals("supervisor", InstrumentedMailbox.actorType("/user", "supervisor"));
        assertEquals("trainer", InstrumentedMailbox.actorType("/user/trainer", "g"));
        assertEquals("evaluator", InstrumentedMailbox.actorType("/user/a/evaluator", "g"));
        assertEquals("worker", InstrumentedMailbox.actorType("/user/worker-12", "g"));
        assertEquals("anonymous", InstrumentedMailbox.actorType("/user/$a", "g"));
        assertNull(InstrumentedMailbox.actorType("/system/Materializers/StreamSupervisor-0", "g"));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
