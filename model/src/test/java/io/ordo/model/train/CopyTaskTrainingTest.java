package io.ordo.model.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.task.CopyTask;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Training the copy task drives the NTP loss on the copied half to near zero (its floor), with and
 * without the TOP head, in float.
 */
class CopyTaskTrainingTest {
    private static final ModelConfig SMALL = new ModelConfig(16, 16, 32, 2, 2, 4, 0.0, false, 7);

    private static double trainAndMeasure(Objective objective) {
        Gpt gpt = new Gpt(SMALL, objective, DataType.FLOAT);
        Trainer trainer = new Trainer(gpt, OptimizerConfig.defaults().withLearningRate(3e-3).withSchedule(20, 400, 0.1));
        CopyTask data = new CopyTask(SMALL.vocabSize(), SMALL.seqLen(), objective, true, 1);
        double first = Double.NaN;
        for (int step = 0; step < 400; step++) {
            TrainStep s = trainer.step(data.next(16));
            if (step == 0) {
                first = s.losses().ntp();
            }
            assertTrue(Double.isFinite(s.losses().total()), "loss became non-finite at step " + step);
        }
        double held = gpt.loss(new CopyTask(SMALL.vocabSize(), SMALL.seqLen(), objective, true, 99).next(64)).ntp();
        assertTrue(first > 2.0, "initial loss should be near ln(15) = 2.7, was " + first);
        return held;
    }

    @Test
    void shouldLearnCopyWithNtp() {
        double loss = trainAndMeasure(Objective.ntp());
        assertTrue(loss < 0.1, "held-out NTP loss on the copy should approach 0, was " + loss);
    }

    @Test
    void shouldLearnCopyWithTop() {
        double loss = trainAndMeasure(Objective.top(8));
        assertTrue(loss < 0.1, "held-out NTP loss on the copy should approach 0 with TOP too, was " + loss);
    }
}
