package io.ordo.checkpoint;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** Builders and file surgery shared by the checkpoint tests. */
final class TestCheckpoints {

    private TestCheckpoints() {
    }

    /** A checkpoint with one section of {@code bytes} bytes, every byte {@code (byte) step}. */
    static Checkpoint filled(long step, int bytes) {
        ByteBuffer data = ByteBuffer.allocateDirect(bytes);
        while (data.hasRemaining()) {
            data.put((byte) step);
        }
        return new Checkpoint(step, "{\"step\":" + step + "}", List.of(new Section("params", data.flip())));
    }

    /** A direct buffer of {@code bytes} pseudo-random bytes. */
    static ByteBuffer random(int bytes, long seed) {
        byte[] chunk = new byte[1 << 16];
        Random random = new Random(seed);
        ByteBuffer data = ByteBuffer.allocateDirect(bytes);
        while (data.hasRemaining()) {
            random.nextBytes(chunk);
            data.put(chunk, 0, Math.min(chunk.length, data.remaining()));
        }
        return data.flip();
    }

    /** Inverts every bit of the byte at {@code offset}. */
    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(~b);
        }
    }

    /** Cuts the file to {@code length} bytes. */
    static void truncate(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }

    /** Asserts that {@code data} holds {@code value} in every byte; returns the first offset that does not, or -1. */
    static long firstByteNotEqual(ByteBuffer data, byte value) {
        ByteBuffer d = data.duplicate();
        long pattern = 0x0101010101010101L * (value & 0xff);
        int i = d.position();
        for (; i + 8 <= d.limit(); i += 8) {
            if (d.getLong(i) != pattern) {
                break;
            }
        }
        for (; i < d.limit(); i++) {
            if (d.get(i) != value) {
                return i;
            }
        }
        return -1;
    }

    /** First offset of {@code needle} in {@code haystack}. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("bytes not found");
    }
}
