package io.ordo.model.safetensors;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format, with their sizes in bytes. Reading accepts every
 * one of them in a header (so the offsets of a file with other tensors can be checked); Ordo's
 * weights are written and loaded as {@link #F32} only.
 */
public enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4), F64(8), I64(8), U64(8);

    private final int bytes;

    SafetensorsDtype(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** The dtype spelled {@code name} in a header, or a one-line error listing the known ones. */
    public static SafetensorsDtype parse(String tensor, String name) {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new SafetensorsFormatException("tensor " + tensor + " has unknown dtype '" + name + "'; known: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
