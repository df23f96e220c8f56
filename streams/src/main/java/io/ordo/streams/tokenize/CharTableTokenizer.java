package io.ordo.streams.tokenize;

import java.util.Arrays;

/**
 * Task tokenizer over a fixed table of single characters (digits and operators). Characters outside
 * the table fail loudly: task data is generated, so an unknown character is a bug.
 */
public final class CharTableTokenizer implements Tokenizer {

    /** Digits 0-9 (ids 0..9), then {@code + * g = $}; {@code $} pads. */
    public static final String DIGITS = "0123456789+*g=$";

    private final String name;
    private final String table;
    private final int[] ids = new int[128];

    /** @param table characters in id order; the last one is the pad */
    public CharTableTokenizer(String name, String table) {
        this.name = name;
        this.table = table;
        Arrays.fill(ids, -1);
        for (int i = 0; i < table.length(); i++) {
            ids[table.charAt(i)] = i;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int vocabSize() {
        return table.length();
    }

    @Override
    public int[] encode(String text) {
        int[] out = new int[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            int id = c < 128 ? ids[c] : -1;
            if (id < 0) {
                throw new IllegalArgumentException(name + " tokenizer: no token for '" + c + "' in \"" + text + "\"");
            }
            out[i] = id;
        }
        return out;
    }

    @Override
    public String decode(int[] tokens, int offset, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(table.charAt(tokens[offset + i]));
        }
        return sb.toString();
    }

    @Override
    public int padId() {
        return table.length() - 1;
    }
}
