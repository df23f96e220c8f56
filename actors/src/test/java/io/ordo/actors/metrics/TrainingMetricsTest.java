package io.ordo.actors.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ordo.actors.report.EvalResult;
import io.ordo.actors.report.RunSummary;
import io.ordo.actors.report.StepMetrics;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.meter.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingMetricsTest {

    @Test
    void shouldTurnRunEventsIntoCountersGaugesTimersAndStatus(@TempDir Path dir) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OrdoMetrics metrics = new OrdoMetrics(registry);
        TrainingMetrics t = new TrainingMetrics(registry, metrics.status());
        assertFalse(metrics.status().trainerRunning());
        t.onStart(0, 10, 1234);
        t.onStep(new StepMetrics(1, 3.5, 2.0, 1.5, 0.0, 1e-3, 0.8, false, 256, 0.02));
        t.onStep(new StepMetrics(2, 3.0, 1.8, 1.2, 0.0, 2e-3, 0.7, true, 256, 0.04));
        Path ckpt = Files.write(dir.resolve("step-2.ckpt"), new byte[4096]);
        t.onCheckpoint(2, ckpt, 0.25);
        t.onEval(new EvalResult(2, 0.5, Double.NaN, 2.9, 1.7, 1.2, 0.0, 20, 0.3));

        assertEquals(512.0, registry.get("ordo.tokens").counter().count());
        assertEquals(2.0, registry.get("ordo.steps").counter().count());
        assertEquals(1.0, registry.get("ordo.skipped.steps").counter().count());
        assertEquals(2, registry.get("ordo.step.duration").timer().count());
        assertEquals(0.06, registry.get("ordo.step.duration").timer().totalTime(TimeUnit.SECONDS), 1e-9);
        assertEquals(3.0, registry.get("ordo.loss").tags("split", "train", "term", "total").gauge().value());
        assertEquals(1.2, registry.get("ordo.loss").tags("split", "train", "term", "top").gauge().value());
        assertEquals(1.7, registry.get("ordo.loss").tags("split", "eval", "term", "ntp").gauge().value());
        assertEquals(2e-3, registry.get("ordo.learning.rate").gauge().value());
        assertEquals(0.7, registry.get("ordo.gradient.norm").gauge().value());
        assertEquals(0.5, registry.get("ordo.eval.accuracy.ratio").gauge().value());
        assertEquals(4096.0, registry.get("ordo.checkpoint.size.bytes").gauge().value());
        assertEquals(4096.0, registry.get("ordo.checkpoint.written").counter().count());
        assertEquals(1, registry.get("ordo.checkpoint.duration").timer().count());
        assertEquals(1234.0, registry.get("ordo.model.parameters").gauge().value());

        NodeStatus s = metrics.status();
        assertTrue(s.trainerRunning());
        assertEquals(2, s.step());
        assertTrue(s.lastStepNanos() > 0);
        assertEquals(4096, s.lastCheckpoint().orElseThrow().bytes());
        t.onFinish(new RunSummary(10, null, 0, 1.0, 512));
        assertFalse(s.trainerRunning());
        assertTrue(s.isFinished());
    }

    @Test
    void shouldExposeStreamStageCountsAndBadRecordsByReason() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OrdoMetrics metrics = new OrdoMetrics(registry);
        metrics.streamCounters().reject(BadInputReason.EMPTY);
        metrics.streamCounters().reject(BadInputReason.EMPTY);
        metrics.streamCounters().accept();
        metrics.streamCounters().stages().add(Stage.BATCHED, 3);
        assertEquals(2.0, registry.get("ordo.stream.bad.records").tag("reason", "empty").functionCounter().count());
        assertEquals(0.0, registry.get("ordo.stream.bad.records").tag("reason", "binary").functionCounter().count());
        assertEquals(1.0, registry.get("ordo.stream.accepted.records").functionCounter().count());
        assertEquals(3.0, registry.get("ordo.stream.elements").tag("stage", "batched").functionCounter().count());
    }
}
