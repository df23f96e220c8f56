package io.ordo.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** Writes the {@link CheckpointFormat} layout with one gathering write over all buffers. */
final class CheckpointWriter {

    private CheckpointWriter() {
    }

    static long write(FileChannel channel, Checkpoint c) throws IOException {
        CRC32C structure = new CRC32C();
        List<ByteBuffer> buffers = new ArrayList<>(2 * c.sections().size() + 2);
        long offset = 0;

        byte[] meta = c.metaJson().getBytes(StandardCharsets.UTF_8);
        if (meta.length > CheckpointFormat.MAX_META_BYTES) {
            throw new IllegalArgumentException("checkpoint meta is " + meta.length + " bytes of UTF-8; at most "
                    + CheckpointFormat.MAX_META_BYTES + " are allowed");
        }
        ByteBuffer head = ByteBuffer.allocate(CheckpointFormat.HEADER_BYTES + meta.length + 4)
                .order(CheckpointFormat.ORDER)
                .put(CheckpointFormat.MAGIC)
                .putInt(CheckpointFormat.VERSION)
                .putLong(c.step())
                .putInt(c.sections().size())
                .putInt(meta.length)
                .put(meta)
                .putInt(crc(ByteBuffer.wrap(meta)))
                .flip();
        offset += add(buffers, head, structure);

        for (Section s : c.sections()) {
            ByteBuffer data = s.data();
            byte[] name = s.name().getBytes(StandardCharsets.UTF_8);
            int fixed = CheckpointFormat.SECTION_HEADER_FIXED_BYTES + name.length;
            int pad = CheckpointFormat.padding(offset + fixed);
            ByteBuffer sectionHead = ByteBuffer.allocate(fixed + pad)
                    .order(CheckpointFormat.ORDER)
                    .putInt(name.length)
                    .put(name)
                    .putLong(data.remaining())
                    .putInt(crc(data.duplicate()))
                    .position(fixed + pad)
                    .flip();
            offset += add(buffers, sectionHead, structure);
            buffers.add(data);
            offset += data.remaining();
        }

        ByteBuffer footer = ByteBuffer.allocate(CheckpointFormat.FOOTER_BYTES)
                .order(CheckpointFormat.ORDER)
                .putInt(c.sections().size())
                .putInt((int) structure.getValue())
                .putLong(offset + CheckpointFormat.FOOTER_BYTES)
                .put(CheckpointFormat.FOOTER_MAGIC)
                .flip();
        offset += footer.remaining();
        buffers.add(footer);

        writeFully(channel, buffers.toArray(ByteBuffer[]::new));
        return offset;
    }

    static int crc(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static int add(List<ByteBuffer> buffers, ByteBuffer b, CRC32C structure) {
        structure.update(b.duplicate());
        buffers.add(b);
        return b.remaining();
    }

    private static void writeFully(FileChannel channel, ByteBuffer[] buffers) throws IOException {
        int first = 0;
        while (first < buffers.length) {
            channel.write(buffers, first, buffers.length - first);
            while (first < buffers.length && !buffers[first].hasRemaining()) {
                first++;
            }
        }
    }
}
