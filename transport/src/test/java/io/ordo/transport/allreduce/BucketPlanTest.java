package io.ordo.transport.allreduce;

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
    void shouldCountFullBucketsBackFromTheEnd() {
        BucketPlan plan = BucketPlan.fromEnd(1000, 1200);
        assertArrayEquals(new int[] {0, 100, 400, 700, 1000}, plan.boundaries());
        assertArrayEquals(new int[] {0, 300, 600, 900}, BucketPlan.fromEnd(900, 1200).boundaries());
        assertArrayEquals(new int[] {0, 50}, BucketPlan.fromEnd(50, 1200).boundaries());
        assertArrayEquals(new int[] {0, 1000}, BucketPlan.fromEnd(1000, 0).boundaries());
        assertEquals(0, BucketPlan.fromEnd(0, 1200).buckets());
        assertEquals(0, plan.bucketOf(0));
        assertEquals(0, plan.bucketOf(99));
        assertEquals(1, plan.bucketOf(100));
        assertEquals(3, plan.bucketOf(999));
        assertThrows(IndexOutOfBoundsException.class, () -> plan.bucketOf(1000));
    }

    @Test
    void shouldRejectBoundariesThatDoNotIncreaseFromZero() {
        assertThrows(IllegalArgumentException.class, () -> new BucketPlan(new int[] {1, 5}));
        assertThrows(IllegalArgumentException.class, () -> new BucketPlan(new int[] {0, 5, 5}));
    }
}
