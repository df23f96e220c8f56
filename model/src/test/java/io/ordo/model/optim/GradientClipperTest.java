package io.ordo.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.param.Init;
import io.ordo.model.param.Param;
import io.ordo.model.param.ParameterStore;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class GradientClipperTest {

    /** w (2x3) holds grad 3 at (1, 2); b (1x3) holds grad 4 at (0, 0): global norm 5. */
    private static ParameterStore threeFourFive() {
        var s = new ParameterStore(DataType.DOUBLE);
        Param w = s.add("w", 2, 3, Init.NORMAL);
        Param b = s.add("b", 1, 3, Init.ZEROS);
        s.allocate(1);
        w.grad().set(1, 2, 3.0);
        b.grad().set(0, 0, -4.0);
        return s;
    }

    @Test
    void shouldComputeGlobalL2NormAcrossParameters() {
        assertEquals(5.0, new GradientClipper(1.0).norm(threeFourFive()), 1e-15);
    }

    @Test
    void shouldScaleGradientsToExactlyTheClipNorm() {
        ParameterStore s = threeFourFive();
        GradientClipper clipper = new GradientClipper(1.0);
        assertEquals(5.0, clipper.clip(s), 1e-15);
        assertEquals(0.6, s.get("w").grad().get(1, 2), 1e-15);
        assertEquals(-0.8, s.get("b").grad().get(0, 0), 1e-15);
        assertEquals(0.0, s.get("w").grad().get(0, 0), 0.0);
        assertEquals(1.0, clipper.norm(s), 1e-15);
    }

    @Test
    void shouldClipFloatGradientsToClipNormWithinFloatRounding() {
        var s = new ParameterStore(DataType.FLOAT);
        Param w = s.add("w", 4, 8, Init.NORMAL);
        s.allocate(3);
        for (int i = 0; i < w.size(); i++) {
            w.grad().setFlat(i, Math.sin(i + 1.0) * 2.0);
        }
        GradientClipper clipper = new GradientClipper(0.5);
        assertTrue(clipper.clip(s) > 0.5);
        assertEquals(0.5, clipper.norm(s), 1e-6);
    }

    @Test
    void shouldLeaveGradientsUntouchedBelowTheClipNorm() {
        ParameterStore s = threeFourFive();
        assertFalse(new GradientClipper(5.5).clip(s, 5.0));
        assertEquals(3.0, s.get("w").grad().get(1, 2), 0.0);
        assertEquals(-4.0, s.get("b").grad().get(0, 0), 0.0);
    }

    @Test
    void shouldNotClipWhenDisabled() {
        ParameterStore s = threeFourFive();
        GradientClipper off = new GradientClipper(0.0);
        assertEquals(5.0, off.clip(s), 1e-15);
        assertEquals(3.0, s.get("w").grad().get(1, 2), 0.0);
        assertEquals(-4.0, s.get("b").grad().get(0, 0), 0.0);
    }

    @Test
    void shouldReportNonFiniteNormWithoutTouchingGradients() {
        ParameterStore s = threeFourFive();
        s.get("w").grad().set(0, 0, Double.POSITIVE_INFINITY);
        GradientClipper clipper = new GradientClipper(1.0);
        assertEquals(Double.POSITIVE_INFINITY, clipper.clip(s), 0.0);
        assertEquals(3.0, s.get("w").grad().get(1, 2), 0.0);
        s.get("b").grad().set(0, 1, Double.NaN);
        assertTrue(Double.isNaN(clipper.clip(s)));
        assertEquals(-4.0, s.get("b").grad().get(0, 0), 0.0);
    }
}
