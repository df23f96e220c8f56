package io.ordo.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ordo.model.param.Init;
import io.ordo.model.param.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The float update loop follows the double one (which AdamWTest checks against a reference). */
class AdamWFloatTest {
    private static ParameterStore store(DataType type) {
        ParameterStore s = new ParameterStore(type);
        s.add("w", 6, 5, Init.NORMAL);
        s.add("b", 1, 5, Init.ZEROS);
        s.allocate(3);
        return s;
    }

    @Test
    void shouldMatchTheDoubleUpdateToFloatPrecision() {
        ParameterStore f = store(DataType.FLOAT);
        ParameterStore d = store(DataType.DOUBLE);
        OptimizerConfig config = OptimizerConfig.defaults().withLearningRate(1e-2).withWeightDecay(0.1).withSchedule(2, 10, 0.1);
        AdamW af = new AdamW(f, config);
        AdamW ad = new AdamW(d, config);
        SplittableRandom rng = new SplittableRandom(9);
        for (int step = 0; step < 8; step++) {
            for (int i = 0; i < f.size(); i++) {
                double g = rng.nextDouble() - 0.5;
                f.gradBuf().set(i, g);
                d.gradBuf().set(i, (float) g);
            }
            af.step();
            ad.step();
            for (int i = 0; i < f.size(); i++) {
                assertEquals(d.valueBuf().get(i), f.valueBuf().get(i), 1e-6, "param " + i + " after step " + step);
            }
        }
    }
}
