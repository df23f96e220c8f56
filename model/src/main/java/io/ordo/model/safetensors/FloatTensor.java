package io.ordo.model.safetensors;

import java.util.Arrays;

/** A named float32 tensor, row-major, to write into a safetensors file. */
public record FloatTensor(String name, long[] shape, float[] data) {

    public FloatTensor {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, s);
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs "
                    + n + " values, got " + data.length);
        }
    }
}
