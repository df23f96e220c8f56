package io.ordo.protocol.allreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BucketPlanTest {
    @Test
    void shouldCutASmallFirstBucketThenLargerOnes() {
        BucketPlan plan = BucketPlan.ddp(1000, 400, 1200);
        assertArrayEquals(new int[] {0, 100, 400, 700, 1000}, plan.boundaries());
        assertEquals(4, plan.buckets());
        assertEquals(300, plan.length(1));
        assertArrayEquals(new int[] {0, 50}, BucketPlan.ddp(50, 400, 1200).boundaries());
        assertEquals(0, BucketPlan.ddp(0, 400, 1200).buckets());
    }

    @Test
    void shouldRejectBoundariesThatDoNotIncreaseFromZero() {
        assertThrows(IllegalArgumentException.class, () -> new BucketPlan(new int[] {1, 5}));
        assertThrows(IllegalArgumentException.class, () -> new BucketPlan(new int[] {0, 5, 5}));
    }
}
