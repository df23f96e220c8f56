package io.ordo.model.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.Gpt;
import io.ordo.model.Losses;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.param.GradientReadiness;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.task.CopyTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link Trainer#step} drives an overlapping exchange: counts, then {@link GradientExchange#overlapped},
 * whose listener backward tells every final range, then {@link GradientExchange#sum}; when backward
 * fails, {@link GradientExchange#abandon} instead of sum, and the failure propagates.
 */
class TrainerOverlapTest {
    private static final ModelConfig MODEL = new ModelConfig(12, 8, 16, 2, 2, 2, 0.0, true, 9);

    /** Records the calls; its listener counts the reported elements, or throws on the n-th report. */
    private static final class Recording extends ForwardingGradientExchange {
        final List<String> calls = new ArrayList<>();
        final int failAt;
        long reported;
        int reports;
        Throwable abandonedWith;

        Recording(int failAt) {
            super(GradientExchange.NONE);
            this.failAt = failAt;
        }

        @Override
        public long[] sumCounts(long step, long[] local) {
            calls.add("sumCounts " + step);
            return local;
        }

        @Override
        public GradientReadiness overlapped(long step, ParameterStore store) {
            calls.add("overlapped " + step);
            return (from, to) -> {
                if (++reports == failAt) {
                    throw new IllegalStateException("report " + reports);
                }
                reported += to - from;
            };
        }

        @Override
        public void abandon(long step, Throwable cause) {
            calls.add("abandon " + step);
            abandonedWith = cause;
        }

        @Override
        public Losses sum(long step, ParameterStore store, Losses partial) {
            calls.add("sum " + step);
            return partial;
        }

    }

    private static TokenBatch batch() {
        return new CopyTask(MODEL.vocabSize(), MODEL.seqLen(), Objective.ntp(), true, 1).next(3);
    }

    @Test
    void stepHandsTheReadinessToBackwardThenSums() {
        Recording exchange = new Recording(-1);
        Trainer overlapped = new Trainer(new Gpt(MODEL, Objective.ntp(), DataType.FLOAT), OptimizerConfig.defaults(),
                exchange);
        Trainer plain = new Trainer(new Gpt(MODEL, Objective.ntp(), DataType.FLOAT), OptimizerConfig.defaults());
        TokenBatch b = batch();
        assertEquals(plain.step(b).losses(), overlapped.step(b).losses());
        assertEquals(List.of("sumCounts 0", "overlapped 0", "sum 0"), exchange.calls);
        assertEquals(overlapped.model().params().size(), exchange.reported, "every element reported once");
        assertArrayEquals(plain.model().params().values().toFloatVector(),
                overlapped.model().params().values().toFloatVector(), "the same update");
    }

    @Test
    void aFailedBackwardAbandonsTheStepInsteadOfSumming() {
        Recording exchange = new Recording(3);
        Trainer trainer = new Trainer(new Gpt(MODEL, Objective.ntp(), DataType.FLOAT), OptimizerConfig.defaults(),
                exchange);
        float[] before = trainer.model().params().values().toFloatVector();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.step(batch()));
        assertEquals(List.of("sumCounts 0", "overlapped 0", "abandon 0"), exchange.calls);
        assertSame(e, exchange.abandonedWith);
        assertArrayEquals(before, trainer.model().params().values().toFloatVector(), "no update");
    }
}
