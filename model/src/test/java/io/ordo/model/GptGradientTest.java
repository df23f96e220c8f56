package io.ordo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.batch.TokenBatch;
import io.ordo.core.top.TopTargetBuilder;
import io.ordo.core.top.TopTargets;
import io.ordo.core.top.TopWindow;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Finite-difference checks of the whole model's gradient for each objective (double precision). */
class GptGradientTest {
    private static final int BATCH = 2;
    private static final int SEQ = 5;
    private static final ModelConfig TINY = new ModelConfig(7, SEQ, 8, 2, 2, 2, 0.0, false, 3);

    static TokenBatch randomBatch(int lookahead, boolean masked, TopTargetBuilder top, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int width = SEQ + lookahead;
        int[] tokens = new int[BATCH * width];
        boolean[] mask = masked ? new boolean[tokens.length] : null;
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(TINY.vocabSize());
            if (mask != null) {
                mask[i] = rng.nextInt(3) > 0;
            }
        }
        TopTargets targets = null;
        if (top != null) {
            targets = new TopTargets(BATCH * SEQ, top.k());
            for (int b = 0; b < BATCH; b++) {
                top.build(tokens, b * width, width, SEQ, targets, b * SEQ);
            }
        }
        return new TokenBatch(BATCH, SEQ, lookahead, tokens, mask, targets);
    }

    private static void checkModel(ModelConfig config, Objective objective, TokenBatch batch, Set<String> noGrad) {
        Gpt gpt = new Gpt(config, objective, DataType.DOUBLE);
        GradientChecks.randomise(gpt.params(), 5);
        Losses analytic = gpt.forwardBackward(batch);
        assertEquals(analytic.total(), gpt.loss(batch).total(), 1e-12, "loss() and forwardBackward() disagree");
        GradientChecks.checkAll(gpt.params(), () -> gpt.loss(batch).total(), noGrad);
    }

    @Test
    void shouldMatchFiniteDifferencesForNtp() {
        checkModel(TINY, Objective.ntp(), randomBatch(1, false, null, 1), Set.of());
    }

    @Test
    void shouldMatchFiniteDifferencesForNtpWithTargetMaskAndTiedEmbeddings() {
        checkModel(TINY.withTiedEmbeddings(true), Objective.ntp(), randomBatch(1, true, null, 2), Set.of());
    }

    @Test
    void shouldMatchFiniteDifferencesForTop() {
        Objective top = Objective.top(4);
        TopTargetBuilder builder = new TopTargetBuilder(4, 32, TopWindow.INCLUSIVE);
        TokenBatch batch = randomBatch(top.lookahead(SEQ), true, builder, 3);
        checkModel(TINY, top, batch, Set.of());
        Gpt gpt = new Gpt(TINY, top, DataType.DOUBLE);
        assertTrue(gpt.loss(batch).top() > 0, "TOP term must contribute");
    }

    @Test
    void shouldMatchFiniteDifferencesForMtp() {
        Objective mtp = Objective.mtp(3);
        TokenBatch batch = randomBatch(mtp.lookahead(SEQ), true, null, 4);
        checkModel(TINY, mtp, batch, Set.of());
        Gpt gpt = new Gpt(TINY, mtp, DataType.DOUBLE);
        Losses l = gpt.loss(batch);
        assertTrue(l.mtp() > l.ntp(), "two extra heads should add about two CE terms");
    }
}
