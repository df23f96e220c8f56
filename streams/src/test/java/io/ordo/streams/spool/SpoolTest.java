package io.ordo.streams.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.StreamTest;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Rejected;
import io.ordo.streams.frame.TextRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest extends StreamTest {

    @TempDir
    Path dir;

    static SpoolConfig small(int lanes) {
        return new SpoolConfig(lanes, 256, 1 << 20, FsyncPolicy.ALWAYS, 64);
    }

    static List<byte[]> texts(String... s) {
        List<byte[]> out = new ArrayList<>();
        for (String t : s) {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    static List<Framed> read(Spool spool, int lane, Optional<Cursor> from, int n) throws Exception {
        return collect(spool.lane(lane).records(from).take(n));
    }

    static List<Path> segments(Path laneDir) throws IOException {
        try (Stream<Path> s = Files.list(laneDir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void shouldReadBackEveryRecordInOrderAcrossSegmentsAndLanes() throws Exception {
        try (Spool spool = Spool.open(dir, small(2))) {
            for (int i = 0; i < 100; i++) {
                AppendResult r = spool.append(texts("rec-" + i + "-a", "rec-" + i + "-b"));
                assertEquals(i % 2, ((AppendResult.Appended) r).lane());
            }
            assertTrue(segments(dir.resolve("lane-0")).size() > 3, "several segments");
            for (int lane = 0; lane < 2; lane++) {
                List<Framed> got = read(spool, lane, Optional.empty(), 100);
                for (int k = 0; k < 100; k++) {
                    TextRecord rec = (TextRecord) got.get(k);
                    int i = 2 * (k / 2) + lane;
                    assertEquals("rec-" + i + "-" + (k % 2 == 0 ? "a" : "b"), rec.text());
                    assertEquals("spool:" + lane, rec.at().source());
                    if (k > 0) {
                        assertEquals(((TextRecord) got.get(k - 1)).nextOffset(), rec.at().offset());
                    }
                }
                assertEquals(spool.endPosition(lane), ((TextRecord) got.get(99)).nextOffset());
            }
        }
    }

    @Test
    void shouldResumeExactlyAtNextOffset() throws Exception {
        try (Spool spool = Spool.open(dir, small(1))) {
            for (int i = 0; i < 60; i++) {
                spool.append(texts("r" + i));
            }
            List<Framed> all = read(spool, 0, Optional.empty(), 60);
            for (int k : new int[] {0, 1, 17, 40, 58}) {
                TextRecord r = (TextRecord) all.get(k);
                TextRecord next = (TextRecord) read(spool, 0, Optional.of(Cursor.at("spool:0", r.nextOffset())), 1).get(0);
                assertEquals("r" + (k + 1), next.text());
            }
        }
    }

    @Test
    void shouldTailNewAppendsWithoutCompleting() throws Exception {
        try (Spool spool = Spool.open(dir, small(1))) {
            var done = spool.lane(0).records(Optional.empty()).take(3)
                    .runWith(org.apache.pekko.stream.javadsl.Sink.seq(), mat).toCompletableFuture();
            spool.append(texts("x"));
            Thread.sleep(100);
            assertTrue(!done.isDone(), "waits for more records");
            spool.append(texts("y", "z"));
            List<Framed> got = done.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("z", ((TextRecord) got.get(2)).text());
        }
    }

    @Test
    void shouldRejectBadUtf8AndControlCharactersOnRead() throws Exception {
        try (Spool spool = Spool.open(dir, small(1))) {
            spool.append(List.of(new byte[] {(byte) 0xC3, 0x28}, "a\u0000b".getBytes(StandardCharsets.UTF_8),
                    "ok".getBytes(StandardCharsets.UTF_8)));
            List<Framed> got = read(spool, 0, Optional.empty(), 3);
            assertEquals(BadInputReason.MALFORMED_UTF8, ((Rejected) got.get(0)).reason());
            assertEquals(BadInputReason.BINARY, ((Rejected) got.get(1)).reason());
            assertEquals("ok", ((TextRecord) got.get(2)).text());
        }
    }

    @Test
    void shouldDeleteCoveredSegmentsButNeverTheActiveOne() throws Exception {
        try (Spool spool = Spool.open(dir, small(1))) {
            for (int i = 0; i < 50; i++) {
                spool.append(texts("record-" + i));
            }
            long used = spool.usedBytes();
            assertEquals(spool.endPosition(0), used);
            List<Path> before = segments(dir.resolve("lane-0"));
            List<Framed> all = read(spool, 0, Optional.empty(), 50);
            TextRecord mid = (TextRecord) all.get(25);
            long freed = spool.deleteBefore(0, mid.at().offset());
            assertTrue(freed > 0);
            assertEquals(used - freed, spool.usedBytes());
            assertTrue(spool.firstPosition(0) <= mid.at().offset());
            TextRecord first = (TextRecord) read(spool, 0, Optional.empty(), 1).get(0);
            assertEquals(spool.firstPosition(0), first.at().offset());
            assertEquals(mid.text(), ((TextRecord) read(spool, 0, Optional.of(mid.at()), 1).get(0)).text());
            Exception gone = assertThrows(Exception.class, () -> read(spool, 0, Optional.of(all.get(0) instanceof TextRecord r
                    ? r.at() : null), 1), "a position in a deleted segment is an error, not a silent skip");
            assertTrue(String.valueOf(gone.getMessage()).contains("was deleted")
                    || String.valueOf(gone.getCause()).contains("was deleted"), String.valueOf(gone));

            spool.deleteBefore(0, Long.MAX_VALUE);
            List<Path> after = segments(dir.resolve("lane-0"));
            assertEquals(List.of(before.get(before.size() - 1)), after, "only the active segment is left");
            assertEquals(Files.size(after.get(0)), spool.usedBytes());
            spool.append(texts("after"));
            int retained = retained(all, spool.firstPosition(0));
            List<Framed> rest = read(spool, 0, Optional.empty(), retained + 1);
            assertEquals("after", ((TextRecord) rest.get(retained)).text());
        }
    }

    private static int retained(List<Framed> all, long first) {
        int n = 0;
        for (Framed f : all) {
            if (((TextRecord) f).at().offset() >= first) {
                n++;
            }
        }
        return n;
    }

    @Test
    void shouldRefuseAWholeBatchPastTheCap() throws Exception {
        SpoolConfig cfg = new SpoolConfig(1, 256, 512, FsyncPolicy.NONE, 64);
        try (Spool spool = Spool.open(dir, cfg)) {
            List<byte[]> batch = texts("0123456789".repeat(5), "0123456789".repeat(5));
            int ok = 0;
            while (spool.append(batch) instanceof AppendResult.Appended) {
                ok++;
            }
            assertEquals(116L * ok, spool.usedBytes());
            assertInstanceOf(AppendResult.SpoolFull.class, spool.append(batch));
            assertEquals(116L * ok, spool.endPosition(0), "nothing of the refused batch was written");
            assertThrows(IllegalArgumentException.class, () -> spool.append(texts("x".repeat(65))));
        }
    }

    @Test
    void shouldTruncateATornTailOnOpenAndAppendAfterIt() throws Exception {
        long end;
        try (Spool spool = Spool.open(dir, small(1))) {
            for (int i = 0; i < 30; i++) {
                spool.append(texts("good-" + i));
            }
            end = spool.endPosition(0);
        }
        List<Path> segs = segments(dir.resolve("lane-0"));
        Path last = segs.get(segs.size() - 1);
        long lastStart = SpoolFrame.segmentStart(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            // a whole frame with a bad CRC, then a short header: both torn
            ByteBuffer b = ByteBuffer.allocate(40).order(SpoolFrame.ORDER);
            b.putInt(10).putInt(12345).put("0123456789".getBytes(StandardCharsets.US_ASCII)).putInt(99).putShort((short) 7);
            b.flip();
            ch.write(b);
        }
        try (Spool spool = Spool.open(dir, small(1))) {
            assertEquals(end, spool.endPosition(0));
            assertEquals(end - lastStart, Files.size(last));
            assertEquals(24, spool.truncatedOnOpen());
            spool.append(texts("after-crash"));
            List<Framed> got = read(spool, 0, Optional.empty(), 31);
            assertEquals("good-29", ((TextRecord) got.get(29)).text());
            assertEquals("after-crash", ((TextRecord) got.get(30)).text());
        }
    }

    @Test
    void shouldFailTheReaderOnACorruptFrameBeforeTheTail() throws Exception {
        try (Spool spool = Spool.open(dir, small(1))) {
            for (int i = 0; i < 30; i++) {
                spool.append(texts("good-" + i));
            }
        }
        Path first = segments(dir.resolve("lane-0")).get(0);
        try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {'X'}), SpoolFrame.HEADER_BYTES);
        }
        try (Spool spool = Spool.open(dir, small(1))) {
            var e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> read(spool, 0, Optional.empty(), 30));
            assertInstanceOf(CorruptSpoolException.class, e.getCause());
        }
    }

    @Test
    void shouldKeepTheStoredLaneCount() throws Exception {
        try (Spool spool = Spool.open(dir, small(3))) {
            spool.append(texts("a"));
        }
        try (Spool spool = Spool.open(dir, small(1))) {
            assertEquals(3, spool.lanes());
            assertEquals("spool:2", spool.lane(2).key());
        }
    }
}
