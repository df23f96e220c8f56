package io.ordo.streams.live;

import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Framing;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/**
 * How a live record's bytes become training text: the whole record ({@code text}) or one string
 * field of a JSON object per record ({@code jsonl}, e.g. {@code {"text": "..."}}).
 *
 * @param jsonField the JSON field holding the text, or null for plain text records
 */
public record RecordFormat(String jsonField) {

    /** Plain text: each record is one line of text. */
    public static final RecordFormat TEXT = new RecordFormat(null);

    /** JSONL with the text in {@code field}. */
    public static RecordFormat jsonl(String field) {
        return new RecordFormat(field);
    }

    /** Parses {@code text} or {@code jsonl} (field {@code text}), or {@code jsonl:FIELD}. */
    public static RecordFormat parse(String spec) {
        String s = spec.trim();
        if (s.equals("text")) {
            return TEXT;
        }
        if (s.equals("jsonl")) {
            return jsonl("text");
        }
        if (s.startsWith("jsonl:") && s.length() > "jsonl:".length()) {
            return jsonl(s.substring("jsonl:".length()));
        }
        throw new IllegalArgumentException("record format '" + spec + "' is unknown; allowed: text | jsonl | jsonl:FIELD");
    }

    /** The stage that turns framed records into records of training text (JSONL parse errors become rejections). */
    public Flow<Framed, Framed, NotUsed> parser() {
        return jsonField == null ? Flow.of(Framed.class) : Framing.jsonl(jsonField);
    }

    @Override
    public String toString() {
        return jsonField == null ? "text" : "jsonl:" + jsonField;
    }
}
