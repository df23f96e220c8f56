package io.ordo.streams.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ordo.streams.StreamTest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class FramingStreamTest extends StreamTest {

    private static Source<Framed, ?> framed(String text) {
        return Source.single(new Chunk("s", 0, ByteString.fromString(text))).via(Framing.lines(FramingConfig.files()));
    }

    @Test
    void shouldRouteRejectedToDeadLetterSinkAndCountEveryRecord() throws Exception {
        BadInputCounters counters = new BadInputCounters();
        Pair<TestSubscriber.Probe<Rejected>, Sink<Rejected, org.apache.pekko.NotUsed>> dead =
                TestSink.<Rejected>create(system).preMaterialize(system);
        TestSubscriber.Probe<TextRecord> good = framed("a\n\nb\n\u0000\u0001\nc")
                .via(Framing.route(counters, Optional.of(dead.second())))
                .runWith(TestSink.create(system), mat);
        dead.first().request(10);
        good.request(10);
        assertEquals("a", good.expectNext().text());
        assertEquals(BadInputReason.EMPTY, dead.first().expectNext().reason());
        assertEquals("b", good.expectNext().text());
        assertEquals(BadInputReason.BINARY, dead.first().expectNext().reason());
        assertEquals("c", good.expectNext().text());
        good.expectComplete();
        assertEquals(3, counters.accepted());
        assertEquals(2, counters.rejectedTotal());
    }

    @Test
    void shouldRejectUnparsableJsonlAndExtractTextField() throws Exception {
        BadInputCounters counters = new BadInputCounters();
        List<TextRecord> out = collect(framed("{\"text\":\"hello\"}\n{\"text\":\n[1,2]\n{\"other\":\"x\"}\n{\"text\":\"bye\"}\n")
                .via(Framing.jsonl("text"))
                .via(Framing.route(counters, Optional.empty())));
        assertEquals(List.of("hello", "bye"), out.stream().map(TextRecord::text).toList());
        assertEquals(17, out.get(0).nextOffset());
        assertEquals(3, counters.rejected(BadInputReason.UNPARSABLE));
    }

    @Test
    void shouldNotCrashOnRandomBinaryGarbage() throws Exception {
        java.util.Random rnd = new java.util.Random(1);
        byte[] junk = new byte[200_000];
        rnd.nextBytes(junk);
        BadInputCounters counters = new BadInputCounters();
        long n = Source.single(new Chunk("junk", 0, ByteString.fromArray(junk)))
                .via(Framing.lines(FramingConfig.files().withMaxLineBytes(1000)))
                .via(Framing.route(counters, Optional.empty()))
                .runWith(Sink.fold(0L, (acc, r) -> acc + 1), mat).toCompletableFuture().get(10, TimeUnit.SECONDS);
        long newlines = 0;
        for (byte b : junk) {
            newlines += b == '\n' ? 1 : 0;
        }
        assertEquals(n, counters.accepted());
        assertEquals(newlines + 1, counters.accepted() + counters.rejectedTotal());
    }

}
