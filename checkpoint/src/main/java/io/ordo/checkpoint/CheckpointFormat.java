package io.ordo.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The Ordo checkpoint file format, version {@value #VERSION}. All integers are little-endian;
 * every CRC is CRC32C ({@link java.util.zip.CRC32C}); strings are UTF-8.
 *
 * <pre>
 * header   magic "ORDOCKPT" (8) | version i32 | step i64 | sectionCount i32 | metaLength i32
 * meta     meta bytes (metaLength) | metaCrc i32            CRC32C of the meta bytes
 * section  nameLength i32 | name | dataLength i64 | dataCrc i32 | zero padding | data (dataLength)
 *            (repeated sectionCount times; the padding makes every data start at a file offset
 *             that is a multiple of {@value #DATA_ALIGNMENT}, so a mapped section is aligned)
 * footer   sectionCount i32 | structureCrc i32 | fileLength i64 | magic "ORDO-END" (8)
 * </pre>
 *
 * <p>{@code structureCrc} covers every byte before the footer that is not section data (header,
 * meta, meta CRC, section headers and padding), so together with the per-section {@code dataCrc}
 * every byte of the file is checked. The fixed-size footer at the very end, with the file's own
 * length, detects truncation before anything else is parsed.
 *
 * <p>Reading ({@link #read}) verifies all of it and fails with a {@link CorruptCheckpointException}
 * that names the file and what failed. Lengths read before their checksum can be verified are
 * bounded first (meta at most {@value #MAX_META_BYTES} bytes, names at most
 * {@value #MAX_NAME_BYTES}, nothing past the footer), so a corrupt length costs no large
 * allocation and no read outside the file. Loaded sections are read-only, little-endian, memory-mapped
 * views of the file (an empty section is an empty heap buffer); on Linux they stay valid after the
 * file is deleted.
 */
public final class CheckpointFormat {

    /** File magic, the first 8 bytes. */
    public static final byte[] MAGIC = "ORDOCKPT".getBytes(StandardCharsets.US_ASCII);
    /** Footer magic, the last 8 bytes. */
    public static final byte[] FOOTER_MAGIC = "ORDO-END".getBytes(StandardCharsets.US_ASCII);
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Byte order of every integer in the file, and of loaded sections. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Section data starts at a file offset that is a multiple of this. */
    public static final int DATA_ALIGNMENT = 64;
    /** Longest section name, in bytes of UTF-8. */
    public static final int MAX_NAME_BYTES = 1024;
    /**
     * Longest meta, in bytes of UTF-8 (16 MiB; Ordo's meta is a few KiB). Bounds what a reader
     * allocates for a corrupt meta length before any checksum can be verified.
     */
    public static final int MAX_META_BYTES = 16 << 20;

    /** magic + version + step + sectionCount + metaLength. */
    static final int HEADER_BYTES = 8 + 4 + 8 + 4 + 4;
    /** sectionCount + structureCrc + fileLength + magic. */
    static final int FOOTER_BYTES = 4 + 4 + 8 + 8;
    /** Bytes of a section header around the name: nameLength + dataLength + dataCrc. */
    static final int SECTION_HEADER_FIXED_BYTES = 4 + 8 + 4;

    private CheckpointFormat() {
    }

    /**
     * Writes {@code checkpoint} to {@code channel} from its current position, with gathering
     * writes straight from the sections' buffers (no copies of section data; direct buffers avoid
     * the JDK's temporary copy of heap buffers). Offsets and alignment are relative to where the
     * write starts, so write into an empty file. Does not force.
     *
     * @return the number of bytes written
     */
    public static long write(FileChannel channel, Checkpoint checkpoint) throws IOException {
        return CheckpointWriter.write(channel, checkpoint);
    }

    /**
     * Reads and fully verifies the checkpoint in {@code file}.
     *
     * @throws CorruptCheckpointException if the file is not a complete, intact checkpoint
     * @throws IOException                if it cannot be read at all
     */
    public static Checkpoint read(Path file) throws IOException {
        return CheckpointReader.read(file);
    }

    /**
     * The format version in the header of {@code file}, without reading the rest: empty when the
     * file does not start with an Ordo checkpoint header (too short, another magic).
     *
     * @throws IOException if it cannot be read at all
     */
    public static OptionalInt version(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ORDER);
            while (head.hasRemaining() && ch.read(head) > 0) {
                // read the magic and the version
            }
            if (head.hasRemaining()) {
                return OptionalInt.empty();
            }
            byte[] magic = new byte[MAGIC.length];
            head.flip().get(magic);
            return Arrays.equals(magic, MAGIC) ? OptionalInt.of(head.getInt())
                    : OptionalInt.empty();
        }
    }

    /** Zero bytes needed after {@code offset} to reach the next multiple of {@link #DATA_ALIGNMENT}. */
    static int padding(long offset) {
        return (int) ((DATA_ALIGNMENT - offset % DATA_ALIGNMENT) % DATA_ALIGNMENT);
    }
}
