package io.ordo.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.task.CopyTask;
import io.ordo.model.train.Trainer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A model trained briefly on the copy task (float, the CopyTaskTrainingTest recipe) greedily
 * writes out the copy of held-out prompts. seqLen 15: 7 random tokens, separator, 7 copied, so
 * prompt plus generated tokens fill the context exactly.
 */
class GenerateCopyTaskTest {
    private static final ModelConfig SMALL = new ModelConfig(16, 15, 32, 2, 2, 4, 0.0, false, 7);
    private static final int HALF = SMALL.seqLen() / 2;

    @Test
    void shouldGreedilyReproduceTheCopiedHalf() {
        Objective ntp = Objective.ntp();
        Gpt gpt = new Gpt(SMALL, ntp, DataType.FLOAT);
        Trainer trainer = new Trainer(gpt, OptimizerConfig.defaults().withLearningRate(3e-3).withSchedule(20, 400, 0.1));
        CopyTask data = new CopyTask(SMALL.vocabSize(), SMALL.seqLen(), ntp, false, 1);
        for (int step = 0; step < 400; step++) {
            trainer.step(data.next(16));
        }
        Generator generator = new Generator(gpt);
        TokenBatch heldOut = new CopyTask(SMALL.vocabSize(), SMALL.seqLen(), ntp, false, 99).next(8);
        for (int b = 0; b < heldOut.rows(); b++) {
            int[] row = Arrays.copyOfRange(heldOut.tokens(), b * heldOut.width(), (b + 1) * heldOut.width());
            int[] prompt = Arrays.copyOf(row, HALF + 1);  // random half + separator
            assertTrue(prompt[HALF] == 0, "separator expected at " + HALF);
            int[] copy = Arrays.copyOf(row, HALF);
            assertArrayEquals(copy, generator.generate(prompt, HALF, Sampling.greedy(), 0), "held-out row " + b);
        }
    }
}
