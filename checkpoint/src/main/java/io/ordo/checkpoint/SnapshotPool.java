package io.ordo.checkpoint;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct buffers for asynchronous saves: {@link #snapshot} copies every section with one bulk
 * copy into a buffer taken from the pool (allocated on first use), {@link #recycle} returns them
 * once the write is done. A trainer saving the same section sizes every time therefore allocates
 * direct memory only for its first {@value CheckpointStore#MAX_PENDING_WRITES} asynchronous saves.
 */
final class SnapshotPool {

    /** A private copy of a checkpoint and the writable buffers behind its sections. */
    record Snapshot(Checkpoint checkpoint, List<ByteBuffer> buffers) {
    }

    /** Buffers beyond this many are left to the garbage collector. */
    private static final int MAX_POOLED = 32;

    private final List<ByteBuffer> free = new ArrayList<>();

    /** Copies every section of {@code c}; the caller may change its buffers once this returns. */
    Snapshot snapshot(Checkpoint c) {
        List<Section> sections = new ArrayList<>(c.sections().size());
        List<ByteBuffer> buffers = new ArrayList<>(c.sections().size());
        for (Section s : c.sections()) {
            ByteBuffer source = s.data();
            ByteBuffer copy = take(source.remaining());
            buffers.add(copy);
            copy.put(source).flip();
            sections.add(new Section(s.name(), copy));
        }
        return new Snapshot(new Checkpoint(c.step(), c.metaJson(), sections), buffers);
    }

    /** Returns the buffers of a snapshot that is no longer in use. */
    synchronized void recycle(Snapshot snapshot) {
        for (ByteBuffer b : snapshot.buffers()) {
            if (free.size() < MAX_POOLED) {
                free.add(b.clear());
            }
        }
    }

    /** Drops every pooled buffer. */
    synchronized void clear() {
        free.clear();
    }

    /**
     * The smallest pooled buffer that holds {@code size} bytes without wasting more than half of
     * itself, or a new one; its limit is set to {@code size}.
     */
    private synchronized ByteBuffer take(int size) {
        int best = -1;
        for (int i = 0; i < free.size(); i++) {
            int capacity = free.get(i).capacity();
            if (capacity >= size && capacity <= 2L * size
                    && (best < 0 || capacity < free.get(best).capacity())) {
                best = i;
            }
        }
        return best < 0 ? ByteBuffer.allocateDirect(size) : free.remove(best).clear().limit(size);
    }
}
