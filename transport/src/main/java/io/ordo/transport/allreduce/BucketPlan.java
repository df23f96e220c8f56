package io.ordo.transport.allreduce;

import java.util.Arrays;

/**
 * How a flat gradient buffer is cut into all-reduce buckets, DDP-style: a small first bucket so the
 * exchange starts early, larger ones after. Buckets follow the buffer's order; a trainer whose
 * backward produces gradients from the last layer first lays its flat buffer out in that order.
 *
 * @param boundaries bucket b is elements {@code [boundaries[b], boundaries[b + 1])}; starts at 0,
 *                   strictly increasing, ends at the buffer length
 */
public record BucketPlan(int[] boundaries) {
    /** Validates the boundaries. */
    public BucketPlan {
        boundaries = boundaries.clone();
        if (boundaries.length < 1 || boundaries[0] != 0) {
            throw new IllegalArgumentException("boundaries must start at 0: " + Arrays.toString(boundaries));
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("boundaries must increase: " + Arrays.toString(boundaries));
            }
        }
    }

    /**
     * @param totalElements   floats in the flat buffer
     * @param firstBucketBytes bytes of the first bucket (PyTorch DDP: 1 MiB)
     * @param bucketBytes     bytes of every later bucket (PyTorch DDP: 25 MiB); the last may be shorter
     * @return the plan
     */
    public static BucketPlan ddp(int totalElements, int firstBucketBytes, int bucketBytes) {
        int first = Math.max(1, firstBucketBytes / Float.BYTES);
        int rest = Math.max(1, bucketBytes / Float.BYTES);
        int count = 1;
        for (long at = first; at < totalElements; at += rest) {
            count++;
        }
        int[] bounds = new int[totalElements == 0 ? 1 : count + 1];
        for (int b = 1; b < bounds.length; b++) {
            bounds[b] = (int) Math.min(totalElements, b == 1 ? first : (long) bounds[b - 1] + rest);
        }
        return new BucketPlan(bounds);
    }

    /**
     * Buckets for a backward that finishes the end of the flat buffer first (Ordo's layout: the
     * embeddings at the start, the last layers and heads at the end): buckets of {@code bucketBytes}
     * counted back from the end, the remainder (the last to be ready) at the start.
     *
     * @param totalElements floats in the flat buffer
     * @param bucketBytes   bytes per bucket; 0 or less: the whole buffer as one bucket
     * @return the plan
     */
    public static BucketPlan fromEnd(int totalElements, int bucketBytes) {
        if (totalElements == 0) {
            return new BucketPlan(new int[] {0});
        }
        long size = bucketBytes <= 0 ? totalElements : Math.max(1, bucketBytes / Float.BYTES);
        int count = (int) ((totalElements + size - 1) / size);
        int[] bounds = new int[count + 1];
        for (int b = 0; b < count; b++) {
            bounds[count - b] = (int) (totalElements - b * size);
        }
        return new BucketPlan(bounds);
    }

    /** @return number of buckets */
    public int buckets() {
        return boundaries.length - 1;
    }

    /** @return first element of bucket b */
    public int offset(int bucket) {
        return boundaries[bucket];
    }

    /** @return elements in bucket b */
    public int length(int bucket) {
        return boundaries[bucket + 1] - boundaries[bucket];
    }

    /** @return the bucket that holds {@code element}, in [0, totalElements()) */
    public int bucketOf(int element) {
        if (element < 0 || element >= totalElements()) {
            throw new IndexOutOfBoundsException("element " + element + " outside [0, " + totalElements() + ")");
        }
        int at = Arrays.binarySearch(boundaries, element);
        return at >= 0 ? at : -at - 2;
    }

    /** @return elements in the whole buffer */
    public int totalElements() {
        return boundaries[boundaries.length - 1];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BucketPlan plan && Arrays.equals(boundaries, plan.boundaries);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(boundaries);
    }

    @Override
    public String toString() {
        return "BucketPlan" + Arrays.toString(boundaries);
    }
}
