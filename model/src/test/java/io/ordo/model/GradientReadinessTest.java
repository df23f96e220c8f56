package io.ordo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.batch.TokenBatch;
import io.ordo.core.top.TopTargetBuilder;
import io.ordo.core.top.TopWindow;
import io.ordo.model.param.GradientReadiness;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Buf;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What {@link Gpt#forwardBackward(TokenBatch, long[], GradientReadiness)} reports is final: the
 * listener copies each reported range and then overwrites it with a sentinel, as an exchange summing
 * it on another thread might. Backward must then neither write a reported range (it would still hold
 * the sentinel at the end otherwise) nor read it (the copies would differ from an unreported run's
 * gradient), and must report every element exactly once.
 */
class GradientReadinessTest {
    private static final ModelConfig CONFIG = new ModelConfig(7, 5, 8, 2, 3, 2, 0.0, false, 3);
    private static final float SENTINEL = 12345.5f;

    private record Range(int from, int to, float[] values) {
    }

    @Test
    void ntpReportsEveryRangeOnceAndNeverTouchesItAgain() {
        check(CONFIG, Objective.ntp(), GptGradientTest.randomBatch(1, false, null, 1));
    }

    @Test
    void tiedEmbeddingsAreReportedLast() {
        List<Range> ranges = check(CONFIG.withTiedEmbeddings(true), Objective.ntp(),
                GptGradientTest.randomBatch(1, true, null, 2));
        assertEquals(0, ranges.get(ranges.size() - 1).from(), "the embeddings (tied to lm_head) come last");
    }

    @Test
    void topHeadIsReported() {
        Objective top = Objective.top(4);
        TopTargetBuilder builder = new TopTargetBuilder(4, 32, TopWindow.INCLUSIVE);
        check(CONFIG, top, GptGradientTest.randomBatch(top.lookahead(5), true, builder, 3));
    }

    @Test
    void mtpHeadBlocksAreReported() {
        Objective mtp = Objective.mtp(3);
        check(CONFIG.withTiedEmbeddings(true), mtp, GptGradientTest.randomBatch(mtp.lookahead(5), true, null, 4));
    }

    @Test
    void dropoutBackwardReportsTheSameWay() {
        ModelConfig dropout = new ModelConfig(7, 5, 8, 2, 2, 2, 0.3, false, 5);
        check(dropout, Objective.ntp(), GptGradientTest.randomBatch(1, false, null, 5));
    }

    private static List<Range> check(ModelConfig config, Objective objective, TokenBatch batch) {
        Gpt gpt = new Gpt(config, objective, DataType.FLOAT);
        GradientChecks.randomise(gpt.params(), 11);
        ParameterStore store = gpt.params();
        long[] rng = gpt.dropoutRngState();
        Losses plain = gpt.forwardBackward(batch);
        float[] expected = store.grads().toFloatVector();

        gpt.restoreDropoutRngState(rng);
        List<Range> ranges = new ArrayList<>();
        Buf grads = store.gradBuf();
        Losses reported = gpt.forwardBackward(batch, gpt.targetCounts(batch), (from, to) -> {
            assertTrue(0 <= from && from <= to && to <= store.size(), "range [" + from + ", " + to + ")");
            float[] copy = new float[to - from];
            for (int i = from; i < to; i++) {
                copy[i - from] = (float) grads.get(i);
                grads.set(i, SENTINEL);
            }
            ranges.add(new Range(from, to, copy));
        });
        assertEquals(plain, reported, "losses");

        for (int i = 0; i < store.size(); i++) {
            assertEquals(SENTINEL, (float) grads.get(i), "gradient element " + i + " written after it was reported"
                    + " (or never reported)");
        }
        for (Range r : ranges) {
            for (int i = r.from(); i < r.to(); i++) {
                assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(r.values()[i - r.from()]),
                        "gradient element " + i + " when reported vs without a listener");
            }
        }
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(Range::from));
        int at = 0;
        for (Range r : sorted) {
            assertEquals(at, r.from(), "ranges must tile [0, size) without overlaps: " + describe(ranges));
            at = r.to();
        }
        assertEquals(store.size(), at, "ranges must cover the gradient");
        assertTrue(ranges.get(0).from() > 0, "the first report should not be the embeddings: " + describe(ranges));
        assertEquals(0, ranges.get(ranges.size() - 1).from(), "the embeddings are final last: " + describe(ranges));
        return ranges;
    }

    private static String describe(List<Range> ranges) {
        StringBuilder s = new StringBuilder();
        for (Range r : ranges) {
            s.append('[').append(r.from()).append(", ").append(r.to()).append(") ");
        }
        return s.toString();
    }
}
