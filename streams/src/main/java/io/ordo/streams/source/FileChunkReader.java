package io.ordo.streams.source;

import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.Chunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.util.ByteString;

/**
 * Blocking reader behind {@link FileSources}: reads a file, or every regular file of a directory
 * in name order, from a cursor onwards. In tail mode it never ends: at the end of the last file it
 * polls for appended bytes or a new file sorting after it (then the old one is drained and left).
 * Runs on Pekko's blocking-IO dispatcher; an idle poll returns an empty chunk so that
 * cancellation is noticed.
 */
final class FileChunkReader implements AutoCloseable {

    private final Path root;
    private final boolean tail;
    private final long pollMillis;
    private final ByteBuffer buffer;
    private final List<Path> files;
    private int index;
    private long position;
    private FileChannel channel;

    FileChunkReader(Path root, Optional<Cursor> from, boolean tail, long pollMillis, int chunkBytes) {
        this.root = root;
        this.tail = tail;
        this.pollMillis = pollMillis;
        this.buffer = ByteBuffer.allocate(chunkBytes);
        this.files = new ArrayList<>(list());
        if (from.isPresent()) {
            int i = indexOf(from.get().source());
            if (i < 0) {
                throw new IllegalArgumentException("cursor " + from.get() + " names no file under " + root);
            }
            index = i;
            position = from.get().offset();
        }
    }

    /** The identity a file's chunks carry (and its cursors name). */
    static String sourceId(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    Optional<Chunk> read() throws IOException {
        while (true) {
            if (index >= files.size()) {
                if (!tail) {
                    return Optional.empty();
                }
                if (!refresh()) {
                    sleep();
                    return Optional.of(new Chunk(sourceId(root), 0, ByteString.emptyByteString()));
                }
                continue;
            }
            Path file = files.get(index);
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(position);
            }
            buffer.clear();
            int n = channel.read(buffer);
            if (n > 0) {
                long at = position;
                position += n;
                buffer.flip();
                return Optional.of(new Chunk(sourceId(file), at, ByteString.fromByteBuffer(buffer)));
            }
            if (index < files.size() - 1 || (tail && refresh())) {
                next();
            } else if (tail) {
                sleep();
                return Optional.of(new Chunk(sourceId(file), position, ByteString.emptyByteString()));
            } else {
                return Optional.empty();
            }
        }
    }

    private void next() throws IOException {
        close();
        index++;
        position = 0;
    }

    /** Adds files that sort after the known ones; true if any appeared. */
    private boolean refresh() {
        if (!Files.isDirectory(root)) {
            return false;
        }
        String last = files.isEmpty() ? "" : files.get(files.size() - 1).getFileName().toString();
        boolean added = false;
        for (Path p : list()) {
            if (p.getFileName().toString().compareTo(last) > 0) {
                files.add(p);
                added = true;
            }
        }
        return added;
    }

    private List<Path> list() {
        if (!Files.isDirectory(root)) {
            return List.of(root);
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int indexOf(String source) {
        for (int i = 0; i < files.size(); i++) {
            if (sourceId(files.get(i)).equals(source)) {
                return i;
            }
        }
        return -1;
    }

    private void sleep() {
        try {
            Thread.sleep(pollMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
