package io.ordo.streams.tokenize;

import java.nio.charset.StandardCharsets;

/** Byte-level tokenizer: the UTF-8 bytes of the text, V = 256; pads with byte 0. */
public final class ByteTokenizer implements Tokenizer {

    public static final String NAME = "byte";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int vocabSize() {
        return 256;
    }

    @Override
    public int[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xFF;
        }
        return ids;
    }

    @Override
    public String decode(int[] tokens, int offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) tokens[offset + i];
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public int padId() {
        return 0;
    }
}
