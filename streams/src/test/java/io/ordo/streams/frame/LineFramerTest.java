package io.ordo.streams.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.ordo.streams.cursor.Cursor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private static List<Framed> frame(FramingConfig cfg, byte[] data, int chunk) {
        LineFramer f = new LineFramer(cfg);
        List<Framed> out = new ArrayList<>();
        for (int i = 0; i < data.length; i += chunk) {
            int n = Math.min(chunk, data.length - i);
            out.addAll(f.feed(new Chunk("s", i, ByteString.fromArray(data, i, n))));
        }
        out.addAll(f.finish());
        return out;
    }

    @Test
    void shouldSplitLinesAcrossChunksWithByteOffsets() {
        byte[] data = "alpha\nbe\u00e9ta\r\ngamma".getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 3, 7, 100}) {
            List<Framed> out = frame(FramingConfig.files(), data, chunk);
            assertEquals(List.of(
                    new TextRecord("alpha", Cursor.at("s", 0), 6),
                    new TextRecord("be\u00e9ta", Cursor.at("s", 6), 14),
                    new TextRecord("gamma", Cursor.at("s", 14), 19)), out, "chunk " + chunk);
        }
    }

    @Test
    void shouldCountEveryBadInputReasonWithoutLosingGoodLines() {
        FramingConfig cfg = new FramingConfig(16, true);
        byte[] bad = {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n', '\n', 'b', 0, 1, 2, '\n',
            'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', '\n', 'o', 'k', '2', '\n', 'c', 'u', 't'};
        for (int chunk : new int[] {1, 4, 64}) {
            List<Framed> out = frame(cfg, bad, chunk);
            List<Object> kinds = new ArrayList<>();
            for (Framed f : out) {
                kinds.add(f instanceof Rejected r ? r.reason() : ((TextRecord) f).text());
            }
            assertEquals(List.of("ok", BadInputReason.MALFORMED_UTF8, BadInputReason.EMPTY, BadInputReason.BINARY,
                    BadInputReason.OVERLONG, "ok2", BadInputReason.TRUNCATED), kinds, "chunk " + chunk);
            Rejected overlong = (Rejected) out.get(4);
            assertEquals(12, overlong.at().offset());
            assertEquals(18, overlong.length());
        }
    }

    @Test
    void shouldSkipTenMegabyteLineWithBoundedMemory() {
        FramingConfig cfg = FramingConfig.files().withMaxLineBytes(1 << 20);
        LineFramer f = new LineFramer(cfg);
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'a');
        List<Framed> out = new ArrayList<>(f.feed(new Chunk("s", 0, ByteString.fromString("first\n"))));
        long off = 6;
        for (int i = 0; i < 160; i++) { // 10 MiB
            out.addAll(f.feed(new Chunk("s", off, ByteString.fromArray(block))));
            off += block.length;
        }
        out.addAll(f.feed(new Chunk("s", off, ByteString.fromString("\nlast\n"))));
        assertEquals(3, out.size());
        Rejected r = assertInstanceOf(Rejected.class, out.get(1));
        assertEquals(BadInputReason.OVERLONG, r.reason());
        assertEquals(10L * 1024 * 1024 + 1, r.length());
        assertEquals(new TextRecord("last", Cursor.at("s", off + 1), off + 6), out.get(2));
    }

    @Test
    void shouldFlushTailWhenSourceChanges() {
        LineFramer f = new LineFramer(FramingConfig.files());
        List<Framed> out = new ArrayList<>(f.feed(new Chunk("a", 0, ByteString.fromString("x\ny"))));
        out.addAll(f.feed(new Chunk("b", 0, ByteString.fromString("z\n"))));
        assertEquals(List.of(new TextRecord("x", Cursor.at("a", 0), 2), new TextRecord("y", Cursor.at("a", 2), 3),
                new TextRecord("z", Cursor.at("b", 0), 2)), out);
    }
}
