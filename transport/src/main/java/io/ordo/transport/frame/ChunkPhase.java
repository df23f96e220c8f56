package io.ordo.transport.frame;

/** Which half of a ring all-reduce a gradient chunk belongs to; encoded as one byte on the wire. */
public enum ChunkPhase {
    /** Partial sums travelling around the ring; the receiver adds the payload into its buffer. */
    REDUCE_SCATTER((byte) 1),
    /** Fully reduced values travelling around the ring; the receiver copies the payload over its buffer. */
    ALL_GATHER((byte) 2);

    private final byte code;

    ChunkPhase(byte code) {
        this.code = code;
    }

    /** @return the wire code of this phase */
    public byte code() {
        return code;
    }

    /**
     * @param code a wire code
     * @return the phase with that code
     * @throws IllegalArgumentException if no phase has that code
     */
    public static ChunkPhase fromCode(byte code) {
        switch (code) {
            case 1: return REDUCE_SCATTER;
            case 2: return ALL_GATHER;
            default: throw new IllegalArgumentException("unknown chunk phase code " + code);
        }
    }
}
