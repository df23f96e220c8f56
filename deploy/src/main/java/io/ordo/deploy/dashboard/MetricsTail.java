package io.ordo.deploy.dashboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a {@code metrics.jsonl} as it grows: each {@link #poll()} returns the complete lines
 * appended since the last one (a line still being written waits for its newline). A file that
 * shrinks (replaced) is read again from its start; a missing file yields nothing until it appears.
 * One reader per follower; not thread-safe.
 */
public final class MetricsTail {
    private static final int MAX_READ = 4 << 20;
    private final Path file;
    private long offset;

    public MetricsTail(Path file) {
        this.file = file;
    }

    /** The complete lines appended since the last poll (blank lines dropped). */
    public List<String> poll() throws IOException {
        List<String> lines = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            if (size < offset) {
                offset = 0;
            }
            if (size == offset) {
                return lines;
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_READ, size - offset));
            ch.read(buf, offset);
            byte[] b = buf.array();
            int n = buf.position();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (b[i] == '\n') {
                    String line = new String(b, start, i - start, StandardCharsets.UTF_8).strip();
                    if (!line.isEmpty()) {
                        lines.add(line);
                    }
                    start = i + 1;
                }
            }
            offset += start;
        } catch (NoSuchFileException e) {
            return lines;
        }
        return lines;
    }

    /** Whether the followed file exists. */
    public boolean exists() {
        return Files.exists(file);
    }
}
