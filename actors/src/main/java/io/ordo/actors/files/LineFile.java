package io.ordo.actors.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A UTF-8 text file that is appended to line by line, each line written as it comes (a run's
 * logs: a resumed run continues the file; what a crash cuts off is at most the line being written).
 *
 * <p>A line whose write fails (disk full, read-only file system) throws and may leave part of
 * itself in the file; the next line that is written starts on a new line, so every other line
 * stays whole. Nothing is buffered between lines, so a failure leaves no state behind.
 */
public final class LineFile implements AutoCloseable {
    private final Path file;
    private final FileChannel out;
    /** The last append failed: the file may end in part of a line. */
    private boolean broken;

    /** Opens {@code file} for appending, creating it and its directories. */
    public LineFile(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** Appends {@code line} and a line break. */
    public void append(String line) {
        try {
            if (broken && endsInPartialLine()) {
                writeFully(ByteBuffer.wrap(new byte[] {'\n'}));
            }
            broken = true;
            writeFully(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            broken = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private boolean endsInPartialLine() throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            ByteBuffer last = ByteBuffer.allocate(1);
            return size > 0 && in.read(last, size - 1) == 1 && last.get(0) != '\n';
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
