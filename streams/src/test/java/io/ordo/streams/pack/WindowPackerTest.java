package io.ordo.streams.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ordo.streams.StreamTest;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.tokenize.TaskTokens;
import io.ordo.streams.tokenize.TokenChunk;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;

class WindowPackerTest extends StreamTest {

    private static TokenChunk chunk(int from, int to, long offset) {
        return new TokenChunk(IntStream.range(from, to).toArray(), Cursor.at("f", offset), offset + 1);
    }

    @Test
    void shouldPackWindowsOfTPlusLookaheadWithStrideT() throws Exception {
        List<PackedRow> rows = collect(Source.from(List.of(chunk(0, 5, 0), chunk(5, 10, 100), chunk(10, 20, 200)))
                .via(Pack.windows(4, 2)));
        assertEquals(4, rows.size());
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(IntStream.range(4 * r, 4 * r + 6).toArray(), rows.get(r).tokens());
            assertNull(rows.get(r).targetMask());
        }
        assertEquals(Cursor.at("f", 0), rows.get(0).start());
        assertEquals(new Cursor("f", 0, 4), rows.get(0).next());
        assertEquals(new Cursor("f", 100, 3), rows.get(1).next());
        assertEquals(new Cursor("f", 200, 2), rows.get(2).next());
        assertEquals(rows.get(2).next(), rows.get(3).start());
    }

    @Test
    void shouldCountTokenSkipFromAResumedFirstChunk() {
        WindowPacker p = new WindowPacker(2, 1);
        List<PackedRow> rows = p.feed(new TokenChunk(new int[] {7, 8, 9}, new Cursor("f", 10, 5), 20));
        assertEquals(new Cursor("f", 10, 5), rows.get(0).start());
        assertEquals(new Cursor("f", 10, 7), rows.get(0).next());
    }

    @Test
    void shouldPadAndMaskOneTaskExamplePerRowAndBlankATooLongOne() throws Exception {
        BadInputCounters counters = new BadInputCounters();
        TaskTokens ok = new TaskTokens(new int[] {1, 2, 3, 4, 5}, 3, Cursor.at("g", 7));
        TaskTokens tooLong = new TaskTokens(new int[9], 3, Cursor.at("g", 8));
        List<PackedRow> rows = collect(Source.from(List.of(ok, tooLong)).via(Pack.examples(6, 1, 99, counters)));
        assertEquals(2, rows.size(), "one row per example, also for a rejected one");
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 99, 99}, rows.get(0).tokens());
        assertArrayEquals(new boolean[] {false, false, false, true, true, false, false}, rows.get(0).targetMask());
        assertEquals(Cursor.at("g", 8), rows.get(0).next());
        assertArrayEquals(new int[] {99, 99, 99, 99, 99, 99, 99}, rows.get(1).tokens(), "the too-long example is blank");
        assertArrayEquals(new boolean[7], rows.get(1).targetMask(), "and has no target");
        assertEquals(Cursor.at("g", 8), rows.get(1).start());
        assertEquals(Cursor.at("g", 9), rows.get(1).next());
        assertEquals(1, counters.rejected(BadInputReason.TOO_LONG_FOR_ROW));
    }

    @Test
    void shouldSizeLookaheadForTheObjectives() {
        assertEquals(1, Pack.lookahead(0, 0));
        assertEquals(4, Pack.lookahead(0, 4));
        assertEquals(16, Pack.lookahead(16, 4));
    }
}
