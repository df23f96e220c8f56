package io.ordo.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.tensor.Mat;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding on a random double-precision model, checked against full recomputation. */
class GeneratorTest {
    private static final int SEQ = 12;
    private static final ModelConfig CONFIG = KvCacheTest.TINY.withSeqLen(SEQ);
    private static final int[] PROMPT = {3, 1, 4};
    private static final int NEW = SEQ - PROMPT.length;

    private final Gpt gpt = KvCacheTest.randomModel(CONFIG, 11);
    private final Generator generator = new Generator(gpt);

    /** The last row of the full, uncached forward over {@code ids}. */
    private double[] fullNextLogits(int[] ids) {
        Mat logits = gpt.logits(ids, 1, ids.length);
        double[] row = new double[logits.cols()];
        for (int j = 0; j < row.length; j++) {
            row[j] = logits.get(ids.length - 1, j);
        }
        return row;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void shouldEqualArgmaxOfFullRecomputationWhenGreedy() {
        int[] generated = generator.generate(PROMPT, NEW, Sampling.greedy(), 0);
        int[] seq = PROMPT.clone();
        for (int i = 0; i < NEW; i++) {
            seq = concat(seq, new int[] {Sampler.argmax(fullNextLogits(seq))});
        }
        assertArrayEquals(Arrays.copyOfRange(seq, PROMPT.length, SEQ), generated);
        assertTrue(Arrays.stream(generated).distinct().count() > 1, "degenerate model: " + Arrays.toString(generated));
    }

    @Test
    void shouldGiveNextLogitsOfTheFullForward() {
        int[] context = {5, 0, 9, 2, 2};
        double[] cached = generator.nextLogits(context);
        double[] full = fullNextLogits(context);
        for (int j = 0; j < full.length; j++) {
            assertEquals(full[j], cached[j], 1e-9, "logit " + j);
        }
    }

    @ParameterizedTest(name = "temperature {0}")
    @ValueSource(doubles = {0.3, 1.0, 7.0})
    void shouldEqualGreedyWhenTopKIsOne(double temperature) {
        int[] greedy = generator.generate(PROMPT, NEW, Sampling.greedy(), 0);
        for (long seed = 0; seed < 5; seed++) {
            assertArrayEquals(greedy, generator.generate(PROMPT, NEW, new Sampling(temperature, 1), seed));
        }
    }

    @Test
    void shouldReproduceTemperatureSamplesForAFixedSeed() {
        Sampling hot = new Sampling(2.0, 0);
        int[] first = generator.generate(PROMPT, NEW, hot, 42);
        assertArrayEquals(first, generator.generate(PROMPT, NEW, hot, 42));
        boolean anyDiffers = false;
        for (long seed = 43; seed < 48; seed++) {
            anyDiffers |= !Arrays.equals(first, generator.generate(PROMPT, NEW, hot, seed));
        }
        assertTrue(anyDiffers, "other seeds should give other samples at temperature 2");
    }

    @Test
    void shouldOnlyEmitTokensAmongTheTopKLogits() {
        int k = 2;
        for (long seed = 0; seed < 20; seed++) {
            int[] generated = generator.generate(PROMPT, NEW, new Sampling(3.0, k), seed);
            int[] seq = PROMPT.clone();
            for (int token : generated) {
                double[] logits = fullNextLogits(seq);
                long higher = Arrays.stream(logits).filter(l -> l > logits[token]).count();
                assertTrue(higher < k, "seed " + seed + ": token " + token + " has " + higher + " higher logits");
                seq = concat(seq, new int[] {token});
            }
        }
    }

    @Test
    void shouldStopAfterTheStopToken() {
        int[] greedy = generator.generate(PROMPT, NEW, Sampling.greedy(), 0);
        int stop = greedy[2];
        int at = 0;
        while (greedy[at] != stop) {
            at++;
        }
        int[] stopped = generator.generate(PROMPT, NEW, Sampling.greedy(), 0, stop);
        assertArrayEquals(Arrays.copyOf(greedy, at + 1), stopped);
    }

    @Test
    void shouldRejectMoreTokensThanSeqLen() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> generator.generate(PROMPT, NEW + 1, Sampling.greedy(), 0));
        assertTrue(e.getMessage().contains("seqLen"), e.getMessage());
        var tooLong = assertThrows(IllegalArgumentException.class, () -> generator.nextLogits(new int[SEQ + 1]));
        assertTrue(tooLong.getMessage().contains("seqLen"), tooLong.getMessage());
        assertEquals(NEW, generator.generate(PROMPT, NEW, Sampling.greedy(), 0).length, "exactly seqLen is allowed");
    }

    @Test
    void shouldRejectAnEmptyPromptAndABadStopToken() {
        var empty = assertThrows(IllegalArgumentException.class, () -> generator.generate(new int[0], 1, Sampling.greedy(), 0));
        assertTrue(empty.getMessage().contains("prompt"), empty.getMessage());
        var stop = assertThrows(IllegalArgumentException.class,
                () -> generator.generate(PROMPT, 1, Sampling.greedy(), 0, CONFIG.vocabSize()));
        assertTrue(stop.getMessage().contains("stopToken"), stop.getMessage());
        assertFalse(generator.generate(PROMPT, 0, Sampling.greedy(), 0).length > 0);
    }
}
