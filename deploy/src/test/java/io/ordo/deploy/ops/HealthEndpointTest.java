package io.ordo.deploy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.ordo.actors.report.CheckpointFailure;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.report.StepMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /alive} and {@code /ready} through Pekko Management with Ordo's readiness checks, driven
 * by run events: not ready before the trainer starts, ready while steps arrive, not ready when
 * data stops flowing, the last checkpoint write failed, or the run has finished.
 */
class HealthEndpointTest {

    @Test
    void shouldBeReadyOnlyWhileTheTrainerRunsAndDataFlows(@TempDir Path out) throws Exception {
        NodeOps ops = NodeOps.create(new OpsConfig("127.0.0.1", 0, Duration.ofMillis(700)),
                new PrintWriter(new StringWriter()));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "health-test", ops.setup(ConfigFactory.load()));
        try {
            URI base = ops.start(system, out).orElseThrow();
            assertEquals(200, Scrape.get(base.resolve("alive")).statusCode());
            HttpResponse<String> ready = Scrape.get(base.resolve("ready"));
            assertEquals(500, ready.statusCode(), ready.body()); // both checks fail; the response names the first
            assertEquals(404, Scrape.get(base.resolve("cluster/members")).statusCode(),
                    "no cluster routes on a node without a cluster");

            ops.listener().onStart(0, 100, 1000);
            ready = Scrape.get(base.resolve("ready"));
            assertEquals(500, ready.statusCode());
            assertTrue(ready.body().contains("no batch has reached the trainer yet"), ready.body());

            ops.listener().onStep(new StepMetrics(1, 2.0, 1.0, 1.0, 0, 1e-3, 1.0, false, 64, 0.01));
            ready = Scrape.get(base.resolve("ready"));
            assertEquals(200, ready.statusCode(), ready.body());

            Thread.sleep(900); // longer than the 700 ms data timeout, no step since
            ready = Scrape.get(base.resolve("ready"));
            assertEquals(500, ready.statusCode());
            assertTrue(ready.body().contains("no batch for"), ready.body());

            ops.listener().onStep(new StepMetrics(2, 2.0, 1.0, 1.0, 0, 1e-3, 1.0, false, 64, 0.01));
            assertEquals(200, Scrape.get(base.resolve("ready")).statusCode());
            ops.listener().onFinish(new RunSummary(100, null, 0, 1.0, 128));
            ready = Scrape.get(base.resolve("ready"));
            assertEquals(500, ready.statusCode());
            assertTrue(ready.body().contains("the run finished"), ready.body());
            assertEquals(200, Scrape.get(base.resolve("alive")).statusCode());
        } finally {
            ops.close();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldNotBeReadyWhileTheLastCheckpointWriteFailedAndRecoverWithTheNextGoodOne(@TempDir Path out)
            throws Exception {
        NodeOps ops = NodeOps.create(new OpsConfig("127.0.0.1", 0, Duration.ofSeconds(60)),
                new PrintWriter(new StringWriter()));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "health-test", ops.setup(ConfigFactory.load()));
        try {
            URI base = ops.start(system, out).orElseThrow();
            ops.listener().onStart(0, 100, 1000);
            ops.listener().onStep(new StepMetrics(5, 2.0, 1.0, 1.0, 0, 1e-3, 1.0, false, 64, 0.01));
            Path dir = out.resolve("checkpoints");
            ops.listener().onCheckpoint(5, dir.resolve("step-000000000005.ckpt"), 0.1);
            assertEquals(200, Scrape.get(base.resolve("ready")).statusCode());

            ops.listener().onCheckpointFailed(new CheckpointFailure(10, dir, "No space left on device", 5));
            HttpResponse<String> ready = Scrape.get(base.resolve("ready"));
            assertEquals(500, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("checkpoint at step 10 failed in " + dir
                    + ": No space left on device; last good checkpoint: step 5"), ready.body());
            String metrics = Scrape.get(base.resolve("metrics")).body();
            assertTrue(metrics.contains("ordo_checkpoint_failures_total 1.0"), metrics);

            ops.listener().onCheckpoint(15, dir.resolve("step-000000000015.ckpt"), 0.1);
            ready = Scrape.get(base.resolve("ready"));
            assertEquals(200, ready.statusCode(), "a good write clears it: " + ready.body());
        } finally {
            ops.close();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
