package io.ordo.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.GradientChecks;
import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.layer.KvCache;
import io.ordo.model.tensor.Mat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/** The cached one-position step reproduces the full causal forward, in double precision. */
class KvCacheTest {
    static final int SEQ = 7;
    static final ModelConfig TINY = new ModelConfig(11, SEQ, 8, 2, 2, 2, 0.0, false, 3);

    /** A double-precision NTP model with every parameter re-drawn at std 0.3 (far from uniform logits). */
    static Gpt randomModel(ModelConfig config, long seed) {
        Gpt gpt = new Gpt(config, Objective.ntp(), DataType.DOUBLE);
        GradientChecks.randomise(gpt.params(), seed);
        return gpt;
    }

    static int[] randomIds(int count, int vocab, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = rng.nextInt(vocab);
        }
        return ids;
    }

    @ParameterizedTest(name = "tied embeddings: {0}")
    @ValueSource(booleans = {false, true})
    void shouldMatchFullForwardLogitsAtEveryPosition(boolean tied) {
        Gpt gpt = randomModel(TINY.withTiedEmbeddings(tied), 5);
        int batch = 2;
        int v = TINY.vocabSize();
        int[] ids = randomIds(batch * SEQ, v, 9);
        Mat full = copy(gpt.logits(ids, batch, SEQ));
        KvCache cache = gpt.newKvCache(batch);
        Mat step = Mat.zeros(DataType.DOUBLE, batch, v);
        double spread = 0;
        for (int pass = 0; pass < 2; pass++) { // the second pass checks that reset() really restarts
            cache.reset();
            for (int t = 0; t < SEQ; t++) {
                gpt.forwardStep(new int[] {ids[t], ids[SEQ + t]}, cache, step);
                assertEquals(t + 1, cache.length());
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < v; j++) {
                        double expected = full.get(b * SEQ + t, j);
                        assertEquals(expected, step.get(b, j), 1e-9, "sequence " + b + ", position " + t + ", logit " + j);
                        spread = Math.max(spread, Math.abs(expected - full.get(b * SEQ + t, 0)));
                    }
                }
            }
        }
        assertTrue(spread > 0.5, "logits are nearly uniform (spread " + spread + "): the comparison would be weak");
    }

    @ParameterizedTest(name = "batch {0}")
    @ValueSource(ints = {1, 3})
    void shouldRejectAStepBeyondSeqLen(int batch) {
        Gpt gpt = randomModel(TINY, 6);
        KvCache cache = gpt.newKvCache(batch);
        Mat step = Mat.zeros(DataType.DOUBLE, batch, TINY.vocabSize());
        int[] ids = new int[batch];
        for (int t = 0; t < SEQ; t++) {
            gpt.forwardStep(ids, cache, step);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> gpt.forwardStep(ids, cache, step));
        assertTrue(e.getMessage().contains("seqLen"), e.getMessage());
        assertEquals(SEQ, cache.length(), "a rejected step must not advance the cache");
    }

    private static Mat copy(Mat m) {
        Mat c = Mat.zeros(m.dataType(), m.rows(), m.cols());
        c.copyFrom(m);
        return c;
    }
}
