package io.ordo.streams.frame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/** Framing and bad-input stages: bytes to records, JSONL parsing, counting and dead-lettering. */
public final class Framing {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Framing() {
    }

    /** Chunks to newline-delimited records (or rejections); one {@link LineFramer} per materialization. */
    public static Flow<Chunk, Framed, NotUsed> lines(FramingConfig config) {
        return Flow.of(Chunk.class)
                .statefulMap(() -> new LineFramer(config),
                        (LineFramer f, Chunk c) -> Pair.create(f, f.feed(c)),
                        f -> Optional.of(f.finish()))
                .mapConcat((List<Framed> l) -> l);
    }

    /**
     * JSONL: each record must be a JSON object whose {@code field} is a string; the record's text
     * becomes that string. Anything else is rejected as {@link BadInputReason#UNPARSABLE}.
     */
    public static Flow<Framed, Framed, NotUsed> jsonl(String field) {
        return Flow.of(Framed.class).map(f -> f instanceof TextRecord r ? parse(r, field) : f);
    }

    private static Framed parse(TextRecord r, String field) {
        try {
            JsonNode node = JSON.readTree(r.text());
            JsonNode v = node == null ? null : node.get(field);
            if (v != null && v.isTextual()) {
                return r.withText(v.textValue());
            }
        } catch (java.io.IOException e) {
            // falls through to the rejection
        }
        return new Rejected(BadInputReason.UNPARSABLE, r.at(), r.nextOffset() - r.at().offset(),
                r.text().length() > Rejected.PREVIEW_CHARS ? r.text().substring(0, Rejected.PREVIEW_CHARS) : r.text());
    }

    /**
     * Counts every record in {@code counters} and passes on the good ones; rejected ones go to
     * {@code deadLetters} (back-pressured like the main path) or, if it is empty, only counted.
     */
    public static Flow<Framed, TextRecord, NotUsed> route(BadInputCounters counters, Optional<Sink<Rejected, ?>> deadLetters) {
        Flow<Framed, Framed, NotUsed> counted = Flow.of(Framed.class).map(f -> {
            if (f instanceof Rejected r) {
                counters.reject(r.reason());
            } else {
                counters.accept();
            }
            return f;
        });
        if (deadLetters.isPresent()) {
            Sink<Framed, NotUsed> dl = Flow.of(Framed.class).map(f -> (Rejected) f).to(deadLetters.get());
            counted = counted.divertTo(dl, f -> f instanceof Rejected);
        }
        return counted.filter(f -> f instanceof TextRecord).map(f -> (TextRecord) f);
    }
}
