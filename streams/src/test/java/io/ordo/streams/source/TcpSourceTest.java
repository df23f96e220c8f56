package io.ordo.streams.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.StreamTest;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.frame.Rejected;
import io.ordo.streams.frame.TextRecord;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.Test;

class TcpSourceTest extends StreamTest {

    private static Pair<Integer, TestSubscriber.Probe<Framed>> start() throws Exception {
        Pair<java.util.concurrent.CompletionStage<Tcp.ServerBinding>, TestSubscriber.Probe<Framed>> p =
                TcpSource.bind("127.0.0.1", 0, FramingConfig.sockets())
                        .toMat(TestSink.create(system), Keep.both()).run(mat);
        int port = p.first().toCompletableFuture().get(5, TimeUnit.SECONDS).localAddress().getPort();
        return Pair.create(port, p.second());
    }

    @Test
    void shouldReceiveLinesFromLiveLoopbackClients() throws Exception {
        Pair<Integer, TestSubscriber.Probe<Framed>> s = start();
        TestSubscriber.Probe<Framed> probe = s.second();
        try (Socket a = new Socket("127.0.0.1", s.first()); Socket b = new Socket("127.0.0.1", s.first())) {
            OutputStream oa = a.getOutputStream();
            OutputStream ob = b.getOutputStream();
            oa.write("a1\na".getBytes(StandardCharsets.UTF_8));
            ob.write("b1\n".getBytes(StandardCharsets.UTF_8));
            oa.write("2\n".getBytes(StandardCharsets.UTF_8));
            oa.flush();
            ob.flush();
            probe.request(3);
            Set<String> got = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                TextRecord r = (TextRecord) probe.expectNext(Duration.ofSeconds(5));
                got.add(r.text());
                assertTrue(r.at().source().startsWith("tcp:"));
            }
            assertEquals(Set.of("a1", "a2", "b1"), got);
        }
        probe.cancel();
    }

    @Test
    void shouldCountClientDisconnectMidRecordAsTruncated() throws Exception {
        Pair<Integer, TestSubscriber.Probe<Framed>> s = start();
        TestSubscriber.Probe<Framed> probe = s.second();
        try (Socket a = new Socket("127.0.0.1", s.first())) {
            a.getOutputStream().write("whole\nhalf a rec".getBytes(StandardCharsets.UTF_8));
            a.getOutputStream().flush();
        }
        probe.request(2);
        assertEquals("whole", ((TextRecord) probe.expectNext(Duration.ofSeconds(5))).text());
        Rejected r = (Rejected) probe.expectNext(Duration.ofSeconds(5));
        assertEquals(BadInputReason.TRUNCATED, r.reason());
        assertEquals(6, r.at().offset());
        assertEquals("half a rec", r.preview());
        probe.cancel();
    }

    @Test
    void shouldParseJsonlRecordsFromSocketAndCountBadOnes() throws Exception {
        Pair<java.util.concurrent.CompletionStage<Tcp.ServerBinding>, TestSubscriber.Probe<Framed>> p =
                TcpSource.bind("127.0.0.1", 0, FramingConfig.sockets()).via(io.ordo.streams.frame.Framing.jsonl("text"))
                        .toMat(TestSink.create(system), Keep.both()).run(mat);
        int port = p.first().toCompletableFuture().get(5, TimeUnit.SECONDS).localAddress().getPort();
        try (Socket a = new Socket("127.0.0.1", port)) {
            a.getOutputStream().write("{\"text\":\"hi\"}\nnot json\n".getBytes(StandardCharsets.UTF_8));
            a.getOutputStream().flush();
            p.second().request(2);
            assertEquals("hi", ((TextRecord) p.second().expectNext(Duration.ofSeconds(5))).text());
            assertEquals(BadInputReason.UNPARSABLE, ((Rejected) p.second().expectNext(Duration.ofSeconds(5))).reason());
        }
        p.second().cancel();
    }

    @Test
    void shouldBackPressureAFastClientWhenTheConsumerIsSlow() throws Exception {
        Pair<Integer, TestSubscriber.Probe<Framed>> s = start();
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        byte[] line = ("x".repeat(1023) + "\n").getBytes(StandardCharsets.UTF_8);
        Thread writer = new Thread(() -> {
            try (Socket a = new Socket("127.0.0.1", s.first())) {
                OutputStream o = a.getOutputStream();
                for (int i = 0; i < 256 * 1024; i++) { // 256 MiB if nothing pushed back
                    o.write(line);
                    sent.addAndGet(line.length);
                }
            } catch (java.io.IOException e) {
                // the server going away at the end of the test
            }
        });
        writer.setDaemon(true);
        writer.start();
        s.second().request(1);
        s.second().expectNext(Duration.ofSeconds(5));
        Thread.sleep(1000);
        long first = sent.get();
        Thread.sleep(500);
        assertEquals(first, sent.get(), "the client is blocked, not buffered without bound");
        assertTrue(first < 64L * 1024 * 1024, "sent " + first + " bytes for one consumed record");
        s.second().cancel();
        writer.interrupt();
    }
}
