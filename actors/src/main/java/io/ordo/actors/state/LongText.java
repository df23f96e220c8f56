package io.ordo.actors.state;

import java.nio.charset.StandardCharsets;

/** Text carried by long-valued collectives: UTF-8 bytes, eight to a long, little end first. */
public final class LongText {
    private LongText() {
    }

    /** {@code text}'s UTF-8 bytes; {@link #words} packs them. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The longs that hold {@code bytes}, written at word {@code offset} of {@code into}. */
    public static void words(byte[] bytes, long[] into, int offset) {
        for (int i = 0; i < bytes.length; i++) {
            into[offset + i / 8] |= (bytes[i] & 0xFFL) << (8 * (i % 8));
        }
    }

    /** Longs needed for {@code length} bytes. */
    public static int wordCount(int length) {
        return (length + 7) / 8;
    }

    /** The text of {@code length} bytes packed from word {@code offset} of {@code words}. */
    public static String text(long[] words, int offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (words[offset + i / 8] >>> (8 * (i % 8)));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
