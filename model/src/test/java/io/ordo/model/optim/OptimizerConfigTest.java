package io.ordo.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.param.Init;
import io.ordo.model.param.ParameterStore;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class OptimizerConfigTest {
    private static final OptimizerConfig D = OptimizerConfig.defaults();

    @Test
    void shouldHaveDocumentedDefaults() {
        assertEquals(new OptimizerConfig(1e-3, 0.9, 0.999, 1e-8, 0.01, 0, 0, 0.1, 1.0), D);
    }

    @Test
    void shouldNameTheKeyAndRangeInValidationErrors() {
        assertRejected("learningRate", ">= 0", () -> D.withLearningRate(-1e-3));
        assertRejected("learningRate", ">= 0", () -> D.withLearningRate(Double.NaN));
        assertRejected("beta1", "[0, 1)", () -> D.withBetas(1.0, 0.999));
        assertRejected("beta2", "[0, 1)", () -> D.withBetas(0.9, -0.1));
        assertRejected("eps", "> 0", () -> D.withEps(0.0));
        assertRejected("weightDecay", ">= 0", () -> D.withWeightDecay(-0.01));
        assertRejected("warmupSteps", ">= 0", () -> D.withSchedule(-1, 0, 0.1));
        assertRejected("totalSteps", "> warmupSteps", () -> D.withSchedule(100, 100, 0.1));
        assertRejected("totalSteps", "> warmupSteps", () -> D.withSchedule(0, -5, 0.1));
        assertRejected("minLrRatio", "[0, 1]", () -> D.withSchedule(0, 10, 1.5));
        assertRejected("gradClipNorm", ">= 0", () -> D.withGradClipNorm(Double.POSITIVE_INFINITY));
    }

    @Test
    void shouldExemptOnlyOneRowParametersFromDecay() {
        var s = new ParameterStore(DataType.DOUBLE);
        var w = s.add("w", 3, 4, Init.NORMAL);
        var b = s.add("b", 1, 4, Init.ZEROS);
        var g = s.add("ln.g", 1, 4, Init.ONES);
        assertFalse(OptimizerConfig.noDecay(w));
        assertTrue(OptimizerConfig.noDecay(b));
        assertTrue(OptimizerConfig.noDecay(g));
    }

    private static void assertRejected(String key, String range, Supplier<OptimizerConfig> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().startsWith(key + " "), "message should name " + key + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(range), "message should give range " + range + ": " + e.getMessage());
    }
}
