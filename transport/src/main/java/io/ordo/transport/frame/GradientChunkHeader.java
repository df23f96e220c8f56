package io.ordo.transport.frame;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Fixed 48-byte little-endian header in front of every gradient chunk sent over Aeron, as a
 * flyweight: {@link #wrap} a buffer at an offset, then read or write fields in place (no allocation).
 * The ring's epoch and nonce say which ring the chunk belongs to: a receiver drops a chunk whose
 * pair is not its own ring's (see {@code RingIdentity}).
 *
 * <pre>
 *  0  step    int64   training step the exchange belongs to
 *  8  rank    int32   sender's rank in the ring
 * 12  bucket  int32   bucket id (DDP-style gradient bucket), 0 for a whole-buffer exchange
 * 16  offset  int32   first element of the chunk, in elements from the start of the flat buffer
 * 20  length  int32   elements in the chunk
 * 24  phase   int8    {@link ChunkPhase} code
 * 25  dtype   int8    {@link ChunkDtype} code of the payload
 * 26  (reserved, zero) up to byte 32
 * 32  epoch   int64   ring epoch (the coordinator's ring generation; 0 for an unauthenticated ring)
 * 40  nonce   int64   the ring's secret, drawn by the coordinator for this epoch
 * 48  payload length * dtype.bytesPerElement() bytes (16-byte aligned in an Aeron frame)
 * </pre>
 */
public final class GradientChunkHeader {
    /** Header length in bytes; the payload starts at this offset from the header. */
    public static final int LENGTH = 48;
    public static final int STEP_OFFSET = 0;
    public static final int RANK_OFFSET = 8;
    public static final int BUCKET_OFFSET = 12;
    public static final int ELEMENT_OFFSET_OFFSET = 16;
    public static final int ELEMENT_LENGTH_OFFSET = 20;
    public static final int PHASE_OFFSET = 24;
    public static final int DTYPE_OFFSET = 25;
    public static final int EPOCH_OFFSET = 32;
    public static final int NONCE_OFFSET = 40;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int base;

    /**
     * Points this flyweight at a header for reading and writing.
     *
     * @param buffer the buffer holding the header
     * @param offset byte offset of the header in the buffer
     * @return this
     */
    public GradientChunkHeader wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.mutable = buffer;
        this.base = offset;
        return this;
    }

    /**
     * Points this flyweight at a header for reading only.
     *
     * @param buffer the buffer holding the header
     * @param offset byte offset of the header in the buffer
     * @return this
     */
    public GradientChunkHeader wrapForRead(DirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.mutable = null;
        this.base = offset;
        return this;
    }

    /**
     * Writes every field of the header (and zeroes the reserved bytes) at the wrapped offset.
     *
     * @return this
     */
    public GradientChunkHeader encode(long step, int rank, int bucket, int elementOffset, int elementLength,
                                      ChunkPhase phase, ChunkDtype dtype, long epoch, long nonce) {
        mutable.putLong(base + STEP_OFFSET, step, ORDER);
        mutable.putInt(base + RANK_OFFSET, rank, ORDER);
        mutable.putInt(base + BUCKET_OFFSET, bucket, ORDER);
        mutable.putInt(base + ELEMENT_OFFSET_OFFSET, elementOffset, ORDER);
        mutable.putInt(base + ELEMENT_LENGTH_OFFSET, elementLength, ORDER);
        mutable.putByte(base + PHASE_OFFSET, phase.code());
        mutable.putByte(base + DTYPE_OFFSET, dtype.code());
        mutable.putShort(base + 26, (short) 0);
        mutable.putInt(base + 28, 0);
        mutable.putLong(base + EPOCH_OFFSET, epoch, ORDER);
        mutable.putLong(base + NONCE_OFFSET, nonce, ORDER);
        return this;
    }

    /** @return the training step */
    public long step() {
        return buffer.getLong(base + STEP_OFFSET, ORDER);
    }

    /** @return the sender's rank */
    public int rank() {
        return buffer.getInt(base + RANK_OFFSET, ORDER);
    }

    /** @return the bucket id */
    public int bucket() {
        return buffer.getInt(base + BUCKET_OFFSET, ORDER);
    }

    /** @return the chunk's first element, in elements from the start of the flat buffer */
    public int elementOffset() {
        return buffer.getInt(base + ELEMENT_OFFSET_OFFSET, ORDER);
    }

    /** @return the chunk's length in elements */
    public int elementLength() {
        return buffer.getInt(base + ELEMENT_LENGTH_OFFSET, ORDER);
    }

    /** @return the epoch of the ring the sender belongs to */
    public long epoch() {
        return buffer.getLong(base + EPOCH_OFFSET, ORDER);
    }

    /** @return the nonce of the ring the sender belongs to */
    public long nonce() {
        return buffer.getLong(base + NONCE_OFFSET, ORDER);
    }

    /** @return the raw phase code (see {@link ChunkPhase#code()}); compare codes on the hot path */
    public byte phaseCode() {
        return buffer.getByte(base + PHASE_OFFSET);
    }

    /** @return the raw dtype code (see {@link ChunkDtype#code()}) */
    public byte dtypeCode() {
        return buffer.getByte(base + DTYPE_OFFSET);
    }

    /** @return the phase (decodes the code; throws on an unknown code) */
    public ChunkPhase phase() {
        return ChunkPhase.fromCode(phaseCode());
    }

    /** @return the payload dtype (decodes the code; throws on an unknown code) */
    public ChunkDtype dtype() {
        return ChunkDtype.fromCode(dtypeCode());
    }

    /** @return payload bytes that follow this header */
    public int payloadLength() {
        return elementLength() * dtype().bytesPerElement();
    }

    @Override
    public String toString() {
        return "GradientChunkHeader{step=" + step() + ", rank=" + rank() + ", bucket=" + bucket()
                + ", offset=" + elementOffset() + ", length=" + elementLength()
                + ", phase=" + phase() + ", dtype=" + dtype() + ", epoch=" + epoch() + '}';
    }
}
