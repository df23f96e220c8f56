package io.ordo.model.safetensors;

import java.util.Arrays;

/**
 * One tensor of a safetensors header: its name, dtype, shape and byte range [begin, end) in the
 * data section (which starts right after the header).
 */
public record SafetensorsEntry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

    /** Number of elements: the product of the shape (1 for a scalar). */
    public long elements() {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** The shape as {@code [a, b]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }
}
