package io.ordo.streams.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.batch.Shard;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void shouldSplitRowsAsFloorOfRankTimesRowsOverWorld() {
        int[][] eightOnThree = {{0, 2}, {2, 3}, {5, 3}};
        for (int r = 0; r < 3; r++) {
            assertEquals(eightOnThree[r][0], new Shard(r, 3).from(8), "from of rank " + r);
            assertEquals(eightOnThree[r][1], new Shard(r, 3).count(8), "count of rank " + r);
        }
        assertEquals(4, new Shard(1, 2).from(8));
        assertEquals(4, new Shard(1, 2).count(8));
        assertEquals(0, Shard.WHOLE.from(8));
        assertEquals(8, Shard.WHOLE.count(8));
        assertEquals(1, new Shard(2, 3).count(3));
    }

    @Test
    void shouldNumberARanksRowsByTheirGlobalRow() {
        Shard s = new Shard(1, 3); // rows 2, 3, 4 of each batch of 8
        long[] expected = {2, 3, 4, 10, 11, 12, 18};
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], s.globalRow(8, k), "row " + k);
        }
        assertEquals(13, Shard.WHOLE.globalRow(8, 13));
    }

    @Test
    void shouldRejectABatchSmallerThanTheWorldAndBadRanks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Shard(0, 3).count(2));
        assertTrue(e.getMessage().contains("2 rows cannot be split over 3 ranks"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Shard(2, 3).from(2));
        assertThrows(IllegalArgumentException.class, () -> new Shard(3, 3));
        assertThrows(IllegalArgumentException.class, () -> new Shard(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> new Shard(0, 0));
    }

    @Test
    void shouldNameTheRank() {
        assertEquals("rank 1 of 3", new Shard(1, 3).toString());
        assertEquals("rank 0 of 1", Shard.WHOLE.toString());
    }
}
