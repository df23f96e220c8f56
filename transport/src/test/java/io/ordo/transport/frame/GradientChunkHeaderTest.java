package io.ordo.transport.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class GradientChunkHeaderTest {
    @Test
    void shouldRoundTripEveryFieldAtAnOffset() {
        UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
        buffer.setMemory(0, 128, (byte) 0x5A);
        new GradientChunkHeader().wrap(buffer, 40)
                .encode(Long.MAX_VALUE - 7, 2, 11, 123_456_789, 16_360, ChunkPhase.ALL_GATHER, ChunkDtype.BF16,
                        41, 0x8badf00d_deadbeefL);

        GradientChunkHeader read = new GradientChunkHeader().wrapForRead(buffer, 40);
        assertEquals(Long.MAX_VALUE - 7, read.step());
        assertEquals(2, read.rank());
        assertEquals(11, read.bucket());
        assertEquals(123_456_789, read.elementOffset());
        assertEquals(16_360, read.elementLength());
        assertEquals(ChunkPhase.ALL_GATHER, read.phase());
        assertEquals(ChunkDtype.BF16, read.dtype());
        assertEquals(16_360 * 2, read.payloadLength());
        assertEquals(41, read.epoch());
        assertEquals(0x8badf00d_deadbeefL, read.nonce());
        assertEquals((byte) 0x5A, buffer.getByte(39), "must not write before the header");
        assertEquals((byte) 0x5A, buffer.getByte(40 + GradientChunkHeader.LENGTH), "must not write past the header");
        assertEquals(0, buffer.getInt(40 + 28), "reserved bytes are zero");
        assertEquals(0, buffer.getShort(40 + 26), "reserved bytes are zero");
    }

    @Test
    void shouldWriteLittleEndianAtTheDocumentedOffsets() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(GradientChunkHeader.LENGTH);
        new GradientChunkHeader().wrap(new UnsafeBuffer(bytes), 0)
                .encode(7L, 1, 3, 1000, 42, ChunkPhase.REDUCE_SCATTER, ChunkDtype.FP32, 5L, -2L);
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(7L, bytes.getLong(0));
        assertEquals(1, bytes.getInt(8));
        assertEquals(3, bytes.getInt(12));
        assertEquals(1000, bytes.getInt(16));
        assertEquals(42, bytes.getInt(20));
        assertEquals(1, bytes.get(24));
        assertEquals(0, bytes.get(25));
        assertEquals(5L, bytes.getLong(32));
        assertEquals(-2L, bytes.getLong(40));
        assertEquals(48, GradientChunkHeader.LENGTH);
    }

    @Test
    void shouldRoundTripPhaseAndDtypeCodes() {
        for (ChunkPhase phase : ChunkPhase.values()) {
            assertEquals(phase, ChunkPhase.fromCode(phase.code()));
        }
        for (ChunkDtype dtype : ChunkDtype.values()) {
            assertEquals(dtype, ChunkDtype.fromCode(dtype.code()));
        }
    }
}
