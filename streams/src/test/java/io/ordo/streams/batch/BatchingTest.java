package io.ordo.streams.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.batch.TokenBatch;
import io.ordo.core.top.TopTargetBuilder;
import io.ordo.core.top.TopTargets;
import io.ordo.core.top.TopWindow;
import io.ordo.streams.BatchAssert;
import io.ordo.streams.StreamTest;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.pack.PackedRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;

class BatchingTest extends StreamTest {

    private static List<PackedRow> rows(int n, int width, boolean masked) {
        Random rnd = new Random(3);
        List<PackedRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] t = new int[width];
            boolean[] m = masked ? new boolean[width] : null;
            for (int j = 0; j < width; j++) {
                t[j] = rnd.nextInt(12);
                if (masked) {
                    m[j] = j % 3 == 0;
                }
            }
            rows.add(new PackedRow(t, m, Cursor.at("g", i), Cursor.at("g", i + 1)));
        }
        return rows;
    }

    @Test
    void shouldBuildSparseTopTargetsForEveryInputPosition() throws Exception {
        BatchConfig cfg = new BatchConfig(3, 10, 6, 6, 4, TopWindow.INCLUSIVE);
        List<PackedRow> rows = rows(7, cfg.width(), false);
        List<Batch> batches = collect(Source.from(rows).via(Batching.batches(cfg)));
        assertEquals(2, batches.size(), "the trailing partial batch is dropped");
        TopTargetBuilder direct = new TopTargetBuilder(6, 4, TopWindow.INCLUSIVE);
        for (int b = 0; b < 2; b++) {
            TokenBatch tb = batches.get(b).batch();
            assertEquals(b, batches.get(b).index());
            assertNull(tb.targetMask());
            assertEquals(Cursor.at("g", 3 * b), batches.get(b).start());
            assertEquals(Cursor.at("g", 3 * b + 3), batches.get(b).cursor());
            TopTargets expected = new TopTargets(3 * 10, 4);
            for (int r = 0; r < 3; r++) {
                assertArrayEquals(rows.get(3 * b + r).tokens(), java.util.Arrays.copyOfRange(tb.tokens(), r * 16, r * 16 + 16));
                direct.build(rows.get(3 * b + r).tokens(), 0, 16, 10, expected, r * 10);
            }
            BatchAssert.assertSameTop(expected, tb.top(), 30);
            assertTrue(tb.top().count(9) > 0, "last input position still sees W upcoming tokens");
        }
    }

    @Test
    void shouldCarryTargetMasksAndSkipTopWhenNotConfigured() throws Exception {
        BatchConfig cfg = BatchConfig.mtp(2, 5, 3);
        List<PackedRow> rows = rows(2, cfg.width(), true);
        Batch b = collect(Source.from(rows).via(Batching.batches(cfg))).get(0);
        assertNull(b.batch().top());
        assertEquals(3, b.batch().lookahead());
        boolean[] expected = new boolean[16];
        System.arraycopy(rows.get(0).targetMask(), 0, expected, 0, 8);
        System.arraycopy(rows.get(1).targetMask(), 0, expected, 8, 8);
        assertArrayEquals(expected, b.batch().targetMask());
    }
}
