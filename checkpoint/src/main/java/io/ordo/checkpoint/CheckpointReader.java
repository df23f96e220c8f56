package io.ordo.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads and verifies the {@link CheckpointFormat} layout in two passes: first the footer (so a
 * truncated file is reported as such), the header, the meta and the section table, checked
 * against {@code metaCrc} and {@code structureCrc}; then each section's data, memory-mapped and
 * checked against its {@code dataCrc}.
 */
final class CheckpointReader {

    /** Where one section's data lies, from the section table. */
    private record Extent(String name, int index, long offset, int length, int crc) {
    }

    private final Path file;
    private final FileChannel channel;
    private final CRC32C structure = new CRC32C();
    private long position;
    private long limit;

    private CheckpointReader(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static Checkpoint read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new CheckpointReader(file, channel).read();
        }
    }

    private Checkpoint read() throws IOException {
        long size = channel.size();
        if (size < CheckpointFormat.MAGIC.length) {
            throw corrupt("truncated: " + size + " bytes, shorter than the magic");
        }
        byte[] magic = bytesAt(0, CheckpointFormat.MAGIC.length);
        if (!Arrays.equals(magic, CheckpointFormat.MAGIC)) {
            throw corrupt("bad magic " + HexFormat.of().formatHex(magic) + ": not an Ordo checkpoint");
        }
        long minimum = CheckpointFormat.HEADER_BYTES + 4 + CheckpointFormat.FOOTER_BYTES;
        if (size < minimum) {
            throw corrupt("truncated: " + size + " bytes, an empty checkpoint has " + minimum);
        }
        ByteBuffer header = bufferAt(0, CheckpointFormat.HEADER_BYTES);
        structure.update(header.duplicate());
        header.position(CheckpointFormat.MAGIC.length);
        int version = header.getInt();
        if (version != CheckpointFormat.VERSION) {
            throw corrupt("unsupported format version " + version + " (this build reads "
                    + CheckpointFormat.VERSION + "): written by another Ordo version, or a corrupt header");
        }
        long step = header.getLong();
        int sectionCount = header.getInt();
        int metaLength = header.getInt();

        ByteBuffer footer = bufferAt(size - CheckpointFormat.FOOTER_BYTES, CheckpointFormat.FOOTER_BYTES);
        int footerSections = footer.getInt();
        int storedStructureCrc = footer.getInt();
        long fileLength = footer.getLong();
        byte[] footerMagic = new byte[CheckpointFormat.FOOTER_MAGIC.length];
        footer.get(footerMagic);
        if (!Arrays.equals(footerMagic, CheckpointFormat.FOOTER_MAGIC)) {
            throw corrupt("truncated or incomplete: no footer magic at the end of the file (" + size + " bytes)");
        }
        if (fileLength != size) {
            throw corrupt("truncated: the footer records " + fileLength + " bytes, the file has " + size);
        }

        position = CheckpointFormat.HEADER_BYTES;
        limit = size - CheckpointFormat.FOOTER_BYTES;
        if (sectionCount < 0 || sectionCount != footerSections) {
            throw corrupt("section count " + sectionCount + " in the header, " + footerSections
                    + " in the footer");
        }
        if (metaLength < 0 || metaLength > CheckpointFormat.MAX_META_BYTES) {
            throw corrupt("meta length " + metaLength + " in the header out of range (0.."
                    + CheckpointFormat.MAX_META_BYTES + ")");
        }
        byte[] meta = nextBytes(metaLength, "meta");
        int storedMetaCrc = next(4, "meta checksum").getInt();
        List<Extent> extents = new ArrayList<>(Math.min(sectionCount, 1024));
        for (int i = 0; i < sectionCount; i++) {
            extents.add(nextExtent(i));
        }
        if (position != limit) {
            throw corrupt((limit - position) + " unexpected bytes between the last section and the footer");
        }
        int metaCrc = CheckpointWriter.crc(ByteBuffer.wrap(meta));
        if (metaCrc != storedMetaCrc) {
            throw corrupt("checksum mismatch in meta: " + mismatch(storedMetaCrc, metaCrc));
        }
        if ((int) structure.getValue() != storedStructureCrc) {
            throw corrupt("checksum mismatch in the header/section table: "
                    + mismatch(storedStructureCrc, (int) structure.getValue()));
        }

        List<Section> sections = new ArrayList<>(sectionCount);
        for (Extent e : extents) {
            ByteBuffer data = verifiedData(e);
            sections.add(valid(() -> new Section(e.name(), data)));
        }
        String metaJson = new String(meta, StandardCharsets.UTF_8);
        return valid(() -> new Checkpoint(step, metaJson, sections));
    }

    /**
     * {@code part}, built from fields whose checksums verified; a value no writer writes (a negative
     * step, a repeated section name) is reported as corruption, not as an IllegalArgumentException.
     */
    private <T> T valid(java.util.function.Supplier<T> part) throws CorruptCheckpointException {
        try {
            return part.get();
        } catch (IllegalArgumentException e) {
            throw corrupt("checksums verify but the content is invalid: " + e.getMessage());
        }
    }

    private Extent nextExtent(int index) throws IOException {
        String where = "section #" + index;
        int nameLength = next(4, where + " name length").getInt();
        if (nameLength < 1 || nameLength > CheckpointFormat.MAX_NAME_BYTES) {
            throw corrupt(where + ": name length " + nameLength + " out of range");
        }
        String name = new String(nextBytes(nameLength, where + " name"), StandardCharsets.UTF_8);
        where = "section #" + index + " '" + name + "'";
        ByteBuffer lengths = next(8 + 4, where + " length and checksum");
        long dataLength = lengths.getLong();
        int dataCrc = lengths.getInt();
        next(CheckpointFormat.padding(position), where + " padding");
        if (dataLength < 0 || dataLength > Integer.MAX_VALUE || dataLength > limit - position) {
            throw corrupt(where + ": data length " + dataLength + " out of range ("
                    + (limit - position) + " bytes left before the footer)");
        }
        Extent extent = new Extent(name, index, position, (int) dataLength, dataCrc);
        position += dataLength;
        return extent;
    }

    private ByteBuffer verifiedData(Extent e) throws IOException {
        if (e.length() == 0) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, e.offset(), e.length());
        int crc = CheckpointWriter.crc(data.duplicate());
        if (crc != e.crc()) {
            throw corrupt("checksum mismatch in section '" + e.name() + "' (#" + e.index() + ", "
                    + e.length() + " bytes at offset " + e.offset() + "): " + mismatch(e.crc(), crc));
        }
        return data;
    }

    /** The next {@code n} bytes of the header region, added to the structure checksum. */
    private ByteBuffer next(int n, String what) throws IOException {
        if (n < 0 || n > limit - position) {
            throw corrupt(what + " at offset " + position + ": length " + n + " runs past the footer");
        }
        ByteBuffer b = bufferAt(position, n);
        structure.update(b.duplicate());
        position += n;
        return b;
    }

    private byte[] nextBytes(int n, String what) throws IOException {
        ByteBuffer b = next(n, what);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private byte[] bytesAt(long offset, int n) throws IOException {
        byte[] bytes = new byte[n];
        bufferAt(offset, n).get(bytes);
        return bytes;
    }

    private ByteBuffer bufferAt(long offset, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(CheckpointFormat.ORDER);
        while (b.hasRemaining()) {
            if (channel.read(b, offset + b.position()) < 0) {
                throw corrupt("truncated: end of file at offset " + (offset + b.position()));
            }
        }
        return b.flip();
    }

    private static String mismatch(int stored, int computed) {
        return String.format("stored %08x, computed %08x", stored, computed);
    }

    private CorruptCheckpointException corrupt(String reason) {
        return new CorruptCheckpointException(file, reason);
    }
}
