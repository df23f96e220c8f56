package io.ordo.streams.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.StreamTest;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.TextRecord;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Tcp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTcpIngestTest extends StreamTest {

    @TempDir
    Path dir;

    /** TextRecord {@code i}: 100 bytes. */
    private static String line(int i) {
        return String.format("record %06d ", i) + "y".repeat(86);
    }

    @Test
    void shouldStopReadingWhileFullAndLoseNothing() throws Exception {
        int n = 40_000; // 4 MB: far more than the cap (64 KiB) plus the socket buffers (256 + 16 KiB)
        SpoolConfig cfg = new SpoolConfig(1, 32 * 1024, 64 * 1024, FsyncPolicy.NONE, 200);
        try (Spool spool = Spool.open(dir, cfg)) {
            Tcp.ServerBinding b = SpoolTcpIngest.bind(spool, IngestConfig.loopback(0), new BadInputCounters(), system)
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (Socket s = new Socket()) {
                    s.setSendBufferSize(16 * 1024);
                    s.connect(new java.net.InetSocketAddress("127.0.0.1", b.localAddress().getPort()));
                    OutputStream out = s.getOutputStream();
                    for (int i = 0; i < n; i++) {
                        out.write((line(i) + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(1500);
            assertFalse(writer.isDone(), "the client's writes block while the spool is full");
            long end = spool.endPosition(0);
            assertTrue(spool.usedBytes() <= cfg.capBytes() && end > 0);
            Thread.sleep(300);
            assertEquals(end, spool.endPosition(0), "nothing more is appended while full");

            int seen = 0;
            long from = 0;
            while (seen < n) {
                long endNow = spool.endPosition(0);
                List<Framed> got = collectUntil(spool, from, endNow);
                for (Framed f : got) {
                    assertEquals(line(seen), ((TextRecord) f).text());
                    seen++;
                    from = ((TextRecord) f).nextOffset();
                }
                spool.deleteBefore(0, from);
                if (seen < n) {
                    waitForMore(spool, from);
                }
            }
            writer.get(10, TimeUnit.SECONDS);
            b.unbind().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static List<Framed> collectUntil(Spool spool, long from, long end) throws Exception {
        return collect(spool.lane(0).records(Optional.of(io.ordo.streams.cursor.Cursor.at("spool:0", from)))
                .takeWhile(f -> ((TextRecord) f).nextOffset() < end, true));
    }

    private static void waitForMore(Spool spool, long from) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (spool.endPosition(0) <= from && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(spool.endPosition(0) > from, "more records arrive once there is room");
    }

    @Test
    void shouldAppendAllOfAnInputStream() throws Exception {
        SpoolConfig cfg = SpoolTest.small(1);
        try (Spool spool = Spool.open(dir, cfg)) {
            String text = "a\nb\n\nc";
            BadInputCounters counters = new BadInputCounters();
            SpoolStdinIngest.run(spool, "test", () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    counters, system).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(3, counters.accepted());
            assertEquals(1, counters.rejectedTotal());
            List<Framed> got = collect(spool.lane(0).records(Optional.empty()).take(3));
            assertEquals(List.of("a", "b", "c"), got.stream().map(f -> ((TextRecord) f).text()).toList());
        }
    }
}
