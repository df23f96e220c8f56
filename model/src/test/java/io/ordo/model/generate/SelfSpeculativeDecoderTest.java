package io.ordo.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.tensor.Mat;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/** Self-speculative decoding returns exactly the greedy NTP continuation, in no more passes than tokens. */
class SelfSpeculativeDecoderTest {
    private static final int T = 16;
    private static final int[] PROMPT = {3, 1, 4, 1, 5};

    /** Greedy decoding by full recomputation: the reference. */
    private static int[] greedy(Gpt gpt, int[] prompt, int n) {
        int[] seq = Arrays.copyOf(prompt, prompt.length + n);
        for (int len = prompt.length; len < seq.length; len++) {
            Mat logits = gpt.logits(Arrays.copyOf(seq, len), 1, len);
            int best = 0;
            for (int j = 1; j < logits.cols(); j++) {
                if (logits.get(len - 1, j) > logits.get(len - 1, best)) {
                    best = j;
                }
            }
            seq[len] = best;
        }
        return Arrays.copyOfRange(seq, prompt.length, seq.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ntp", "mtp:2", "mtp:4", "top"})
    void shouldReturnTheGreedyContinuationInAtMostOnePassPerToken(String objective) {
        int accepted = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Gpt gpt = new Gpt(new ModelConfig(7, T, 16, 2, 2, 2, 0.0, false, seed), Objective.parse(objective),
                    DataType.DOUBLE);
            int n = T - PROMPT.length;
            SelfSpeculativeDecoder decoder = new SelfSpeculativeDecoder(gpt, 3);
            Decoded d = decoder.decode(PROMPT, n);
            assertArrayEquals(greedy(gpt, PROMPT, n), d.tokens(), objective + " seed " + seed);
            assertEquals(n, d.passes() + d.accepted(), "every pass adds one NTP token on top of the accepted drafts");
            assertTrue(d.accepted() <= d.drafted());
            accepted += d.accepted();
            if (objective.equals("ntp")) {
                assertEquals(0, d.drafted());
                assertEquals(1.0, d.tokensPerPass());
            } else {
                assertTrue(d.drafted() > 0, objective);
            }
        }
        if (!objective.equals("ntp")) {
            assertTrue(accepted > 0, "a small vocabulary and a few seeds: some drafts are accepted (" + objective + ")");
        }
    }
}
