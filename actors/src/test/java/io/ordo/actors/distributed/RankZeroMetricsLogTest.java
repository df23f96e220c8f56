package io.ordo.actors.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ordo.actors.EvalResult;
import io.ordo.actors.StepMetrics;
import io.ordo.actors.job.TaskSpec;
import io.ordo.actors.job.TrainingJob;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the current rank 0 of a node writes {@code metrics.jsonl}, in {@code ordo train}'s format. */
class RankZeroMetricsLogTest {

    static TrainingJob job(Path out, long steps, long logEvery) {
        TaskSpec task = TaskSpec.parse("stargraph:2,3,10");
        ModelConfig model = new ModelConfig(task.tokenizer().vocabSize(), task.exampleTokens(), 32, 2, 1, 2, 0.0, false, 5);
        return TrainingJob.builder(task, Objective.ntp(), model, OptimizerConfig.defaults().withLearningRate(3e-3), steps, out)
                .batchSize(8).dataSeed(11).evalEvery(5).evalExamples(8).checkpointEvery(5).logEvery(logEvery).build();
    }

    private static StepMetrics step(long step) {
        return new StepMetrics(step, 1.0, 1.0, 0, 0, 1e-3, 0.5, false, 40, 0.01);
    }

    private static EvalResult eval(long step) {
        return new EvalResult(step, 0.5, Double.NaN, 1.0, 1.0, 0, 0, 8, 0.1);
    }

    private static List<String> kinds(Path out) throws Exception {
        return Files.readAllLines(out.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll(".*\"kind\":\"(\\w+)\",\"step\":(\\d+).*", "$1 $2")).toList();
    }

    @Test
    void shouldWriteRankZerosLinesOnlyWhileItIsRankZeroOfTheNewestRing(@TempDir Path out) throws Exception {
        try (RankZeroMetricsLog log = new RankZeroMetricsLog(job(out, 4, 2))) {
            log.onRing(1, 1, 2, 0, false, 1000); // this node's other worker: rank 1 of the same ring
            log.onRing(1, 0, 2, 0, false, 1000);
            for (long s = 1; s <= 3; s++) {
                log.onStep(1, 1, 2, step(s)); // rank 1's steps are not logged
                log.onStep(1, 0, 2, step(s));
            }
            log.onCheckpoint(3, out.resolve("c3"), 0.1);
            log.onRing(2, 1, 2, 3, true, 1000); // re-formed: another node is rank 0 now
            log.onEval(eval(2)); // late evaluation of the old ring: dropped
            log.onStep(2, 1, 2, step(4));
            log.onRing(3, 0, 1, 3, true, 1000); // rank 0 again
            log.onStep(3, 0, 1, step(4));
            log.onEval(eval(4));
        }
        assertEquals(List.of("train 2", "checkpoint 3", "restart 3", "train 4", "eval 4"), kinds(out));
    }

    @Test
    void shouldNotCreateTheFileOnANodeThatIsNeverRankZero(@TempDir Path out) {
        try (RankZeroMetricsLog log = new RankZeroMetricsLog(job(out, 4, 1))) {
            log.onRing(1, 1, 2, 0, false, 1000);
            log.onStep(1, 1, 2, step(1));
            log.onEval(eval(1));
        }
        assertFalse(Files.exists(out.resolve("metrics.jsonl")));
    }
}
