package io.ordo.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void shouldNeverDrawOutsideTheTopK() {
        double[] logits = {0.3, 2.0, -1.0, 1.9, 0.5, 1.7, 1.8, -0.2, 1.0, 0.0};
        int[] topFour = {1, 3, 5, 6};
        Sampler sampler = new Sampler(logits.length);
        SplittableRandom rng = new SplittableRandom(1);
        int[] counts = new int[logits.length];
        for (int i = 0; i < 4000; i++) {
            counts[sampler.sample(logits, new Sampling(5.0, 4), rng)]++;
        }
        for (int id = 0; id < logits.length; id++) {
            boolean inTop = Arrays.binarySearch(topFour, id) >= 0;
            assertTrue(inTop ? counts[id] > 0 : counts[id] == 0, "token " + id + " drawn " + counts[id] + " times");
        }
    }

    @Test
    void shouldKeepExactlyKAmongTiesPreferringLowerIds() {
        double[] logits = {1.0, 1.0, 1.0, 0.0};
        Sampler sampler = new Sampler(logits.length);
        SplittableRandom rng = new SplittableRandom(2);
        int[] counts = new int[logits.length];
        for (int i = 0; i < 1000; i++) {
            counts[sampler.sample(logits, new Sampling(1.0, 2), rng)]++;
        }
        assertTrue(counts[0] > 0 && counts[1] > 0 && counts[2] == 0 && counts[3] == 0, Arrays.toString(counts));
        assertEquals(0, Sampler.argmax(logits), "argmax breaks ties towards the lower id");
    }

    @Test
    void shouldDrawWithSoftmaxFrequenciesAtTheTemperature() {
        double[] logits = {1.0, 0.0, 2.0, -1.0, 0.5};
        double temperature = 2.0;
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] / temperature);
            sum += p[i];
        }
        Sampler sampler = new Sampler(logits.length);
        SplittableRandom rng = new SplittableRandom(3);
        int draws = 40_000;
        int[] counts = new int[logits.length];
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(logits, new Sampling(temperature, 0), rng)]++;
        }
        for (int i = 0; i < p.length; i++) {
            // 5 standard deviations of a binomial frequency is below 0.013 here
            assertEquals(p[i] / sum, counts[i] / (double) draws, 0.013, "token " + i);
        }
    }
}
