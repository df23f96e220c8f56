package io.ordo.streams.mi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.StreamTest;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.gen.ArithmeticGenerator;
import io.ordo.streams.gen.ArithmeticOp;
import io.ordo.streams.gen.Split;
import io.ordo.streams.tokenize.TaskTokens;
import io.ordo.streams.tokenize.Tokenize;
import io.ordo.streams.tokenize.Tokenizers;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiOrderTest extends StreamTest {

    @TempDir
    Path dir;

    private static List<TaskTokens> sample(ArithmeticOp op, int digits, int n) throws Exception {
        ArithmeticGenerator g = new ArithmeticGenerator(op, digits, 2025, Split.TRAIN, 0.1);
        return collect(g.source(0).take(n).via(Tokenize.task(Tokenizers.create("digits"))));
    }

    @Test
    void shouldRecoverLeastSignificantDigitFirstOrderForAddition() throws Exception {
        MiEstimator est = MiEstimator.of(sample(ArithmeticOp.ADD, 3, 20_000), 1);
        TargetOrder order = est.greedyOrder();
        assertEquals("mi", order.kind());
        assertArrayEquals(TargetOrder.reversed(4).order(), order.order(), "got " + order);
        double lsd = est.mi(3, List.of());
        double carry = est.mi(0, List.of());
        assertTrue(Math.abs(lsd - Math.log(10) / Math.log(2)) < 0.1, "LSD is a function of two digits: " + lsd);
        assertTrue(carry < 1.0, "the carry digit holds at most one bit: " + carry);
    }

    @Test
    void shouldConditionOnChosenPositions() throws Exception {
        MiEstimator est = MiEstimator.of(sample(ArithmeticOp.ADD, 3, 20_000), 1);
        double nextGivenLsd = est.mi(2, List.of(3));
        double farGivenLsd = est.mi(1, List.of(3));
        assertTrue(nextGivenLsd > farGivenLsd + 0.1, nextGivenLsd + " vs " + farGivenLsd);
    }

    @Test
    void shouldApplyPermutationToTargetsAndInverseToPredictions() {
        TargetOrder o = new TargetOrder("mi", new int[] {2, 0, 3, 1});
        int[] natural = {10, 11, 12, 13};
        int[] ordered = o.apply(natural);
        assertArrayEquals(new int[] {12, 10, 13, 11}, ordered);
        assertArrayEquals(natural, o.invert(ordered));
        assertArrayEquals(new int[] {3, 2, 1, 0}, TargetOrder.reversed(4).order());
        assertArrayEquals(new int[] {0, 1, 2}, TargetOrder.natural(3).order());
        TargetOrder r = TargetOrder.random(10, 7);
        assertEquals(r, TargetOrder.random(10, 7));
        assertNotEquals(r, TargetOrder.random(10, 8));
        assertThrows(IllegalArgumentException.class, () -> new TargetOrder("bad", new int[] {0, 0, 1}));
    }

    @Test
    void shouldSaveAndReloadOrderAsJson() {
        TargetOrder o = new TargetOrder("mi", new int[] {3, 2, 1, 0});
        assertEquals("{\"kind\":\"mi\",\"order\":[3,2,1,0]}", o.toJson());
        assertEquals(o, TargetOrder.fromJson(o.toJson()));
        Path f = dir.resolve("order.json");
        o.save(f);
        assertEquals(o, TargetOrder.load(f));
        assertThrows(IllegalArgumentException.class, () -> TargetOrder.fromJson("{\"kind\":\"x\",\"order\":[1,1]}"));
    }

    @Test
    void shouldReorderTargetTokensInTheStream() throws Exception {
        TaskTokens t = new TaskTokens(new int[] {5, 6, 1, 2, 3}, 2, Cursor.at("g", 0));
        List<TaskTokens> out = collect(Source.single(t).via(OrderTargets.by(TargetOrder.reversed(3))));
        assertArrayEquals(new int[] {5, 6, 3, 2, 1}, out.get(0).tokens());
        assertEquals(2, out.get(0).targetStart());
    }

    @Test
    void shouldFeedReorderedTargetsThroughTheTaskPipeline() throws Exception {
        ArithmeticGenerator g = new ArithmeticGenerator(ArithmeticOp.ADD, 2, 5, Split.TRAIN, 0.1);
        io.ordo.streams.tokenize.Tokenizer tok = Tokenizers.create("digits");
        int len = g.promptLength() + g.targetLength();
        io.ordo.streams.batch.BatchConfig cfg = io.ordo.streams.batch.BatchConfig.ntp(2, len - 1);
        io.ordo.streams.batch.Batch b = collect(io.ordo.streams.Pipelines.task(g, java.util.Optional.empty(), tok,
                java.util.Optional.of(TargetOrder.reversed(3)), cfg, new io.ordo.streams.frame.BadInputCounters()).take(1)).get(0);
        for (int r = 0; r < 2; r++) {
            String natural = g.example(r).target();
            String row = tok.decode(b.batch().tokens(), r * len, len);
            assertEquals(g.example(r).prompt() + new StringBuilder(natural).reverse(), row);
            int[] predicted = java.util.Arrays.copyOfRange(b.batch().tokens(), r * len + g.promptLength(), (r + 1) * len);
            assertEquals(natural, tok.decode(TargetOrder.reversed(3).invert(predicted)));
        }
    }
}
