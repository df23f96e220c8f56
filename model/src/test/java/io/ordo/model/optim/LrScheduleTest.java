package io.ordo.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    private static final double LR = 6e-4;
    private static final double TOL = 1e-15;

    /** Warmup 10 steps, cosine from step 10 to step 110, floor 6e-5. */
    private static LrSchedule warmupCosine() {
        return new LrSchedule(OptimizerConfig.defaults().withLearningRate(LR).withSchedule(10, 110, 0.1));
    }

    @Test
    void shouldWarmUpLinearlyFromLrOverWarmupAtStepZero() {
        LrSchedule s = warmupCosine();
        assertEquals(6e-5, s.lr(0), TOL);
        assertEquals(3e-4, s.lr(4), TOL);
        assertEquals(6e-4, s.lr(9), TOL);
    }

    @Test
    void shouldStartCosineAtPeakAndReachHalfwayValueInTheMiddle() {
        LrSchedule s = warmupCosine();
        assertEquals(6e-4, s.lr(10), TOL);
        // progress 0.5 -> cos = 0 -> floor + (peak - floor) / 2 = 6e-5 + 2.7e-4
        assertEquals(3.3e-4, s.lr(60), TOL);
        // progress 0.25 -> (1 + cos(pi/4)) / 2
        assertEquals(6e-5 + 5.4e-4 * 0.5 * (1 + Math.sqrt(0.5)), s.lr(35), TOL);
    }

    @Test
    void shouldDecreaseMonotonicallyDuringCosine() {
        LrSchedule s = warmupCosine();
        for (long step = 10; step < 110; step++) {
            assertTrue(s.lr(step + 1) < s.lr(step), "lr must fall at step " + step);
        }
    }

    @Test
    void shouldReachFloorAtTotalStepsAndStayThere() {
        LrSchedule s = warmupCosine();
        assertEquals(LR * 0.1, s.lr(110), TOL);
        assertEquals(LR * 0.1, s.lr(111), TOL);
        assertEquals(LR * 0.1, s.lr(1_000_000), TOL);
        assertTrue(s.lr(109) > LR * 0.1);
    }

    @Test
    void shouldBeConstantWhenTotalStepsIsZero() {
        LrSchedule s = new LrSchedule(OptimizerConfig.defaults().withLearningRate(LR));
        assertEquals(LR, s.lr(0), 0.0);
        assertEquals(LR, s.lr(1000), 0.0);
        assertEquals(LR, s.lr(Long.MAX_VALUE), 0.0);
    }

    @Test
    void shouldWarmUpThenStayConstantWhenTotalStepsIsZero() {
        LrSchedule s = new LrSchedule(OptimizerConfig.defaults().withLearningRate(LR).withSchedule(4, 0, 0.1));
        assertEquals(LR / 4, s.lr(0), TOL);
        assertEquals(LR, s.lr(3), TOL);
        assertEquals(LR, s.lr(4), 0.0);
        assertEquals(LR, s.lr(10_000), 0.0);
    }

    @Test
    void shouldRejectNegativeStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> warmupCosine().lr(-1));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
    }
}
