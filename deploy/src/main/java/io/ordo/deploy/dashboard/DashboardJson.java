package io.ordo.deploy.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Every JSON document the dashboard sends, written by Jackson with {@code <}, {@code >},
 * {@code &} and {@code '} escaped as {@code \u003c}-style sequences: run-derived strings (the
 * config, the run directory, checkpoint file names, anything in a {@code metrics.jsonl} line) reach
 * the page as data that carries no markup in any context, and a line of {@code metrics.jsonl} is
 * re-encoded rather than passed on as it is on disk (a line that is not a JSON object is dropped: it
 * could carry a raw carriage return that splits a Server-Sent Event).
 */
public final class DashboardJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setCharacterEscapes(new HtmlSafe());
    }

    private DashboardJson() {
    }

    /** {@code node} as HTML-safe JSON on one line. */
    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** One {@code metrics.jsonl} line re-encoded, or empty when it is not a JSON object. */
    public static Optional<String> reencode(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? Optional.of(write(n)) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** JSON's standard escapes plus the characters that mean something to HTML. */
    private static final class HtmlSafe extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        HtmlSafe() {
            for (char c : new char[] {'<', '>', '&', '\''}) {
                ascii[c] = CharacterEscapes.ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // U+2028 and U+2029 end a line in older JavaScript parsers
            return ch == 0x2028 ? new SerializedString("\\u2028") : ch == 0x2029 ? new SerializedString("\\u2029") : null;
        }
    }
}
