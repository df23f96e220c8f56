package io.ordo.model.generate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplingTest {

    @ParameterizedTest
    @ValueSource(doubles = {-0.5, Double.NaN, Double.POSITIVE_INFINITY})
    void shouldRejectBadTemperatureNamingTheField(double temperature) {
        var e = assertThrows(IllegalArgumentException.class, () -> new Sampling(temperature, 0));
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());
    }

    @Test
    void shouldRejectNegativeTopKNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> Sampling.defaults().withTopK(-1));
        assertTrue(e.getMessage().contains("topK"), e.getMessage());
    }

    @Test
    void shouldTreatZeroTemperatureAndTopOneAsGreedy() {
        assertTrue(Sampling.greedy().isGreedy());
        assertTrue(new Sampling(3.0, 1).isGreedy());
        assertTrue(!Sampling.defaults().isGreedy());
    }
}
