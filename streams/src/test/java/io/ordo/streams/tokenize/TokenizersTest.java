package io.ordo.streams.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.gen.ArithmeticGenerator;
import io.ordo.streams.gen.ArithmeticOp;
import io.ordo.streams.gen.Split;
import io.ordo.streams.gen.StarGraphGenerator;
import io.ordo.streams.gen.TaskExample;
import org.junit.jupiter.api.Test;

class TokenizersTest {

    private static final String TEXT = "In the beginning God created the heaven and the earth. \u00e9\u00e8 \u4e2d\u6587 \ud83d\ude00 <|endoftext|>\ttab";

    @Test
    void shouldRoundTripByteLevel() {
        Tokenizer t = Tokenizers.create("byte");
        int[] ids = t.encode(TEXT);
        assertEquals(TEXT, t.decode(ids));
        assertEquals(256, t.vocabSize());
        for (int id : ids) {
            assertTrue(id >= 0 && id < 256);
        }
    }

    @Test
    void shouldRoundTripEveryBpeEncodingOffline() {
        for (String name : new String[] {"r50k", "p50k", "cl100k", "o200k"}) {
            Tokenizer t = Tokenizers.create(name);
            int[] ids = t.encode(TEXT);
            assertEquals(TEXT, t.decode(ids), name);
            assertTrue(ids.length < TEXT.length(), name + " compresses");
            for (int id : ids) {
                assertTrue(id >= 0 && id < t.vocabSize(), name + " id " + id);
            }
            assertTrue(t.padId() < t.vocabSize());
        }
    }

    @Test
    void shouldTokenizeStarGraphOneTokenPerNodeWithoutCommas() {
        StarGraphGenerator g = new StarGraphGenerator(3, 4, 30, 5, Split.TRAIN, 0);
        Tokenizer t = Tokenizers.create("stargraph:30");
        assertEquals(34, t.vocabSize());
        for (long i = 0; i < 100; i++) {
            TaskExample e = g.example(i);
            int[] ids = t.encode(e.text());
            assertEquals(g.sampleTokens(), ids.length, e.text());
            assertEquals(e.text(), t.decode(ids));
            assertEquals(4, t.encode(e.target()).length);
        }
        assertArrayEquals(new int[] {12, 3, 30, 3, 7, 32, 12, 7, 31, 12, 3, 7}, t.encode("12,3|3,7/12,7=12,3,7"));
    }

    @Test
    void shouldRoundTripDigits() {
        Tokenizer t = Tokenizers.create("digits");
        ArithmeticGenerator g = new ArithmeticGenerator(ArithmeticOp.GCD, 5, 1, Split.TRAIN, 0);
        String s = g.example(0).text();
        assertEquals(s, t.decode(t.encode(s)));
        assertEquals(s.length(), t.encode(s).length);
        assertArrayEquals(new int[] {0, 9, 10, 11, 12, 13}, t.encode("09+*g="));
    }

    @Test
    void shouldFailOnUnknownNameListingValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizers.create("gpt5"));
        assertTrue(e.getMessage().contains("byte, r50k, p50k, cl100k, o200k, digits, stargraph:N"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tokenizers.create("stargraph:x"));
    }

    @Test
    void shouldFailOnUnknownSourceNameListingValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> io.ordo.streams.source.SourceKind.parse("kafka"));
        assertTrue(e.getMessage().contains("file, dir, stdin, tcp, tcp-jsonl, http, stargraph, arithmetic"), e.getMessage());
        assertEquals(io.ordo.streams.source.SourceKind.TCP_JSONL, io.ordo.streams.source.SourceKind.parse("tcp-jsonl"));
    }
}
