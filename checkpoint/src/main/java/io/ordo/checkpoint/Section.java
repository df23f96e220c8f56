package io.ordo.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One named run of raw bytes in a checkpoint, e.g. {@code "params"}, {@code "adam.m"},
 * {@code "adam.v"}: typically the whole flat off-heap buffer of one parameter group.
 *
 * <p>The section holds a read-only view of the bytes between the given buffer's position and
 * limit at construction time; no bytes are copied, so a section built on a live buffer sees later
 * changes to it (use {@link CheckpointStore#saveAsync} to snapshot). The caller's buffer position
 * and limit are never touched.
 *
 * <p>Bytes are stored as they are in memory. ND4J's off-heap buffers are in native order, which
 * is little-endian on every platform Ordo runs on (x86-64, aarch64); loaded sections are handed
 * out as {@link ByteOrder#LITTLE_ENDIAN} views.
 *
 * @param name non-empty, at most {@link CheckpointFormat#MAX_NAME_BYTES} bytes of UTF-8
 * @param data the bytes (position to limit); on load a heap or memory-mapped buffer
 */
public record Section(String name, ByteBuffer data) {

    /** Validates the name and takes a read-only view of {@code data}'s remaining bytes. */
    public Section {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > CheckpointFormat.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name must be at most " + CheckpointFormat.MAX_NAME_BYTES
                    + " bytes of UTF-8, was " + nameBytes);
        }
        data = data.slice().asReadOnlyBuffer();
    }

    /**
     * A fresh read-only view of the bytes: position 0, limit {@link #size()}, little-endian.
     * Each call returns an independent view, so reading one does not move another.
     */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Number of bytes in this section. */
    public int size() {
        return data.capacity();
    }
}
