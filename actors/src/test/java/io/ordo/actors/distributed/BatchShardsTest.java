package io.ordo.actors.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ordo.model.Objective;
import io.ordo.model.TokenBatch;
import io.ordo.model.task.CopyTask;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Row shards cover the batch exactly once, with their masks and sparse TOP targets. */
class BatchShardsTest {
    @Test
    void shouldSplitRowsMasksAndTopTargetsIntoContiguousShards() {
        TokenBatch b = new CopyTask(16, 8, Objective.top(4), true, 3).next(7);
        int world = 3;
        int row = 0;
        for (int r = 0; r < world; r++) {
            TokenBatch s = BatchShards.shard(b, r, world);
            for (int i = 0; i < s.rows(); i++, row++) {
                int w = b.width();
                assertArrayEquals(Arrays.copyOfRange(b.tokens(), row * w, (row + 1) * w),
                        Arrays.copyOfRange(s.tokens(), i * w, (i + 1) * w));
                for (int j = 0; j < w; j++) {
                    assertEquals(b.isTarget(row, j), s.isTarget(i, j));
                }
                for (int t = 0; t < b.seqLen(); t++) {
                    int src = row * b.seqLen() + t;
                    int dst = i * b.seqLen() + t;
                    assertEquals(b.top().count(src), s.top().count(dst));
                    for (int k = 0; k < b.top().count(src); k++) {
                        assertEquals(b.top().token(src, k), s.top().token(dst, k));
                        assertEquals(b.top().weight(src, k), s.top().weight(dst, k));
                    }
                }
            }
        }
        assertEquals(b.rows(), row);
    }
}
