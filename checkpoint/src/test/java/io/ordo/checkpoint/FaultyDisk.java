package io.ordo.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * A {@link ChannelOpener} over the real file system whose channels fail on demand like a broken
 * disk: a write that stops with an {@link IOException} after a given number of bytes (what a full
 * disk does: the bytes before it are in the file), a write that silently changes one byte, a
 * directory fsync that fails. Faults apply to the channels opened after they are set.
 */
final class FaultyDisk implements ChannelOpener {
    private volatile long failAfterBytes = -1;
    private volatile String failure;
    private volatile long flipOffset = -1;
    private volatile String directoryFsyncFailure;
    private volatile int directoryFsyncs;

    /** Writes to a temp file fail with {@code message} once {@code bytes} bytes are in it. */
    FaultyDisk failWritesAfter(long bytes, String message) {
        failAfterBytes = bytes;
        failure = message;
        return this;
    }

    /** Writes to a temp file silently invert the byte at {@code offset}. */
    FaultyDisk flipByteAt(long offset) {
        flipOffset = offset;
        return this;
    }

    /** A directory fsync fails with {@code message}. */
    FaultyDisk failDirectoryFsync(String message) {
        directoryFsyncFailure = message;
        return this;
    }

    /** No faults. */
    FaultyDisk heal() {
        failAfterBytes = -1;
        failure = null;
        flipOffset = -1;
        directoryFsyncFailure = null;
        return this;
    }

    /** Directory fsyncs that succeeded. */
    int directoryFsyncs() {
        return directoryFsyncs;
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        FileChannel real = FileChannel.open(path, options);
        return Files.isDirectory(path) ? new Channel(real, -1, null, -1, true) : new Channel(real, failAfterBytes,
                failure, flipOffset, false);
    }

    /** Delegates to a real channel, failing or corrupting writes and forces as configured. */
    private final class Channel extends FileChannel {
        private final FileChannel real;
        private final long failAfter;
        private final String message;
        private final long flip;
        private final boolean directory;

        Channel(FileChannel real, long failAfter, String message, long flip, boolean directory) {
            this.real = real;
            this.failAfter = failAfter;
            this.message = message;
            this.flip = flip;
            this.directory = directory;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long written = 0;
            for (int i = offset; i < offset + length; i++) {
                written += write(srcs[i]);
            }
            return written;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            long at = real.position();
            if (failAfter >= 0 && at + n > failAfter) {
                int fits = (int) Math.max(0, failAfter - at);
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + fits);
                real.write(part);
                src.position(src.position() + fits);
                throw new IOException(message);
            }
            if (flip >= at && flip < at + n) {
                ByteBuffer copy = ByteBuffer.allocate(n).put(src.duplicate()).flip();
                int i = (int) (flip - at);
                copy.put(i, (byte) ~copy.get(i));
                real.write(copy);
                src.position(src.limit());
                return n;
            }
            return real.write(src);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (directory && directoryFsyncFailure != null) {
                throw new IOException(directoryFsyncFailure);
            }
            real.force(metaData);
            if (directory) {
                directoryFsyncs++;
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new UnsupportedOperationException("not used by the checkpoint store");
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException("not used by the checkpoint store");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
