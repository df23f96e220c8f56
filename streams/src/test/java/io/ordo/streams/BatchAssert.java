package io.ordo.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ordo.core.batch.TokenBatch;
import io.ordo.core.top.TopTargets;
import io.ordo.streams.batch.Batch;
import java.util.List;

/** Field-by-field equality of batches (TokenBatch holds arrays; TopTargets has no equals). */
public final class BatchAssert {

    private BatchAssert() {
    }

    public static void assertSameBatches(List<Batch> expected, List<Batch> actual) {
        assertEquals(expected.size(), actual.size(), "batch count");
        for (int i = 0; i < expected.size(); i++) {
            assertSameBatch(expected.get(i), actual.get(i));
        }
    }

    public static void assertSameBatch(Batch e, Batch a) {
        assertEquals(e.start(), a.start());
        assertEquals(e.cursor(), a.cursor());
        TokenBatch x = e.batch();
        TokenBatch y = a.batch();
        assertEquals(x.rows(), y.rows());
        assertEquals(x.seqLen(), y.seqLen());
        assertEquals(x.lookahead(), y.lookahead());
        assertArrayEquals(x.tokens(), y.tokens(), "tokens of batch at " + e.start());
        assertArrayEquals(x.targetMask(), y.targetMask());
        assertSameTop(x.top(), y.top(), x.rows() * x.seqLen());
    }

    public static void assertSameTop(TopTargets x, TopTargets y, int rows) {
        assertEquals(x == null, y == null);
        if (x == null) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            assertEquals(x.count(r), y.count(r), "row " + r);
            for (int j = 0; j < x.count(r); j++) {
                assertEquals(x.token(r, j), y.token(r, j));
                assertEquals(x.weight(r, j), y.weight(r, j));
            }
        }
    }
}
