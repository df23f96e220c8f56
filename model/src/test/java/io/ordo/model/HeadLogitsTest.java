package io.ordo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.batch.TokenBatch;
import io.ordo.model.tensor.Mat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** {@link Gpt#headLogits}: the NTP, MTP and TOP heads at inference, checked against the training path. */
class HeadLogitsTest {
    private static final int T = 7;
    private static final ModelConfig CONFIG = new ModelConfig(11, T, 8, 2, 2, 2, 0.0, false, 3);

    private static Gpt model(String objective) {
        Gpt gpt = new Gpt(CONFIG, Objective.parse(objective), DataType.DOUBLE);
        GradientChecks.randomise(gpt.params(), 17);
        return gpt;
    }

    private static int[] ids(int n) {
        SplittableRandom rng = new SplittableRandom(5);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rng.nextInt(CONFIG.vocabSize());
        }
        return ids;
    }

    /** Mean cross-entropy over positions 0..T-1 of the head predicting token t + offset. */
    private static double crossEntropy(Mat logits, int[] tokens, int offset) {
        double sum = 0;
        for (int t = 0; t < T; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < logits.cols(); j++) {
                max = Math.max(max, logits.get(t, j));
            }
            double z = 0;
            for (int j = 0; j < logits.cols(); j++) {
                z += Math.exp(logits.get(t, j) - max);
            }
            sum += max + Math.log(z) - logits.get(t, tokens[t + offset]);
        }
        return sum / T;
    }

    @Test
    void shouldGiveTheLogitsThatTheNtpAndMtpLossesAreTakenOn() {
        Gpt gpt = model("mtp:3");
        int[] tokens = ids(T + 3);
        Losses losses = gpt.loss(new TokenBatch(1, T, 3, tokens, null, null));
        Mat[] heads = gpt.headLogits(java.util.Arrays.copyOf(tokens, T), 1, T, 1, 2, 3);
        assertEquals(3, heads.length);
        assertEquals(losses.ntp(), crossEntropy(heads[0], tokens, 1), 1e-9);
        assertEquals(losses.mtp(), crossEntropy(heads[1], tokens, 2) + crossEntropy(heads[2], tokens, 3), 1e-9);
        Mat ntp = gpt.logits(java.util.Arrays.copyOf(tokens, T), 1, T);
        for (int i = 0; i < ntp.size(); i++) {
            assertEquals(ntp.getFlat(i), heads[0].getFlat(i), 0.0);
        }
    }

    @Test
    void shouldGiveTheTopHeadScoresOnlyForATopModel() {
        int[] in = ids(T);
        Mat[] top = model("top").headLogits(in, 1, T, 0, 1);
        double diff = 0;
        for (int i = 0; i < top[0].size(); i++) {
            diff += Math.abs(top[0].getFlat(i) - top[1].getFlat(i));
        }
        assertTrue(diff > 1e-3, "the TOP head has its own unembedding");
        var e = assertThrows(IllegalArgumentException.class, () -> model("ntp").headLogits(in, 1, T, 0));
        assertTrue(e.getMessage().contains("no head for offset 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model("mtp:2").headLogits(in, 1, T, 3));
    }
}
