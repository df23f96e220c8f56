package io.ordo.transport.frame;

/**
 * Element type of a gradient chunk's payload; encoded as one byte on the wire. Gradients live as
 * little-endian fp32 in memory; {@link #FP16} and {@link #BF16} halve the bytes on the wire (lossy).
 */
public enum ChunkDtype {
    /** IEEE 754 binary32, exact. 4 bytes per element. */
    FP32((byte) 0, 4),
    /** IEEE 754 binary16, round to nearest even; ~3 decimal digits, |x| <= 65504. 2 bytes per element. */
    FP16((byte) 1, 2),
    /** bfloat16 (the top half of a binary32), round to nearest even; fp32 range, ~2 decimal digits. 2 bytes per element. */
    BF16((byte) 2, 2);

    private final byte code;
    private final int bytesPerElement;

    ChunkDtype(byte code, int bytesPerElement) {
        this.code = code;
        this.bytesPerElement = bytesPerElement;
    }

    /** @return the wire code of this dtype */
    public byte code() {
        return code;
    }

    /** @return bytes one element takes in a chunk payload */
    public int bytesPerElement() {
        return bytesPerElement;
    }

    /**
     * @param code a wire code
     * @return the dtype with that code
     * @throws IllegalArgumentException if no dtype has that code
     */
    public static ChunkDtype fromCode(byte code) {
        switch (code) {
            case 0: return FP32;
            case 1: return FP16;
            case 2: return BF16;
            default: throw new IllegalArgumentException("unknown chunk dtype code " + code);
        }
    }
}
