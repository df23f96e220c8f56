package io.ordo.model.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.Losses;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.task.CopyTask;
import io.ordo.model.tensor.Mat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Dropout masks are reproducible from the generator state that checkpoints carry. */
class DropoutTest {

    private static double[] apply(Dropout d, int n) {
        Mat x = Mat.zeros(DataType.DOUBLE, 1, n);
        x.fill(1.0);
        d.forward(x, true);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = x.getFlat(i);
        }
        return out;
    }

    @Test
    void shouldDrawTheSameMasksAsSplittableRandomWithTheSameSeed() {
        double p = 0.3;
        double[] y = apply(new Dropout(p, 42), 1000);
        SplittableRandom reference = new SplittableRandom(42);
        for (int i = 0; i < y.length; i++) {
            assertEquals(reference.nextDouble() < p ? 0.0 : 1.0 / (1 - p), y[i], 1e-12, "element " + i);
        }
    }

    @Test
    void shouldContinueWithTheSameMasksFromARestoredState() {
        Dropout a = new Dropout(0.1, 7);
        apply(a, 500);
        long state = a.rngState();
        double[] expected = apply(a, 500);
        Dropout b = new Dropout(0.1, 99);
        b.restoreRngState(state);
        assertArrayEquals(expected, apply(b, 500));
    }

    @Test
    void shouldReproduceTrainingLossesOfAModelWhoseDropoutStateWasRestored() {
        ModelConfig config = new ModelConfig(16, 8, 16, 2, 2, 2, 0.1, false, 3);
        for (Objective objective : new Objective[] {Objective.ntp(), Objective.mtp(2)}) {
            Gpt a = new Gpt(config, objective, DataType.DOUBLE);
            CopyTask data = new CopyTask(16, 8, objective, false, 5);
            TokenBatch first = data.next(4);
            TokenBatch second = data.next(4);
            a.forwardBackward(first);
            long[] state = a.dropoutRngState();
            assertEquals(objective.mtpTokens() == 2 ? 6 : 4, state.length, "two generators per block");
            Losses expected = a.forwardBackward(second);

            Gpt b = new Gpt(config.withSeed(4), objective, DataType.DOUBLE);
            b.params().values().assign(a.params().values());
            b.restoreDropoutRngState(state);
            Gpt c = new Gpt(config.withSeed(4), objective, DataType.DOUBLE);
            c.params().values().assign(a.params().values());
            assertEquals(expected.total(), b.forwardBackward(second).total(), 0.0, objective + ": restored state");
            double unrestored = c.forwardBackward(second).total();
            assertNotEquals(expected.total(), unrestored,
                    objective + ": other dropout masks give another loss");
        }
    }
}
