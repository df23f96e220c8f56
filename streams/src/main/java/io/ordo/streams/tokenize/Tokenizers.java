package io.ordo.streams.tokenize;

import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/** Tokenizer registry by name; unknown names fail at construction listing the valid ones. */
public final class Tokenizers {

    /** Names accepted by {@link #create(String)}; {@code stargraph:N} takes the node count N. */
    public static final List<String> NAMES =
            List.of("byte", "r50k", "p50k", "cl100k", "o200k", "digits", "stargraph:N");

    private Tokenizers() {
    }

    /** The tokenizer called {@code name}. */
    public static Tokenizer create(String name) {
        String n = name == null ? "" : name.trim().toLowerCase();
        switch (n) {
            case "byte":
                return new ByteTokenizer();
            case "r50k":
                return new BpeTokenizer(n, EncodingType.R50K_BASE, 50257, 50256);
            case "p50k":
                return new BpeTokenizer(n, EncodingType.P50K_BASE, 50281, 50256);
            case "cl100k":
                return new BpeTokenizer(n, EncodingType.CL100K_BASE, 100277, 100257);
            case "o200k":
                return new BpeTokenizer(n, EncodingType.O200K_BASE, 200019, 199999);
            case "digits":
                return new CharTableTokenizer("digits", CharTableTokenizer.DIGITS);
            default:
                if (n.startsWith("stargraph:")) {
                    try {
                        return new StarGraphTokenizer(Integer.parseInt(n.substring("stargraph:".length())));
                    } catch (NumberFormatException e) {
                        throw unknown(name);
                    }
                }
                throw unknown(name);
        }
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown tokenizer '" + name + "'; valid: " + String.join(", ", NAMES));
    }
}
