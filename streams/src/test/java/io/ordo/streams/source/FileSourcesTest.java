package io.ordo.streams.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.StreamTest;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Framing;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.frame.TextRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourcesTest extends StreamTest {

    @TempDir
    Path dir;

    private static List<String> texts(List<Framed> framed) {
        return framed.stream().map(f -> ((TextRecord) f).text()).toList();
    }

    @Test
    void shouldReadDirectoryInNameOrderWithFileAndByteOffsets() throws Exception {
        Files.writeString(dir.resolve("b.txt"), "b1\nb2\n");
        Files.writeString(dir.resolve("a.txt"), "a1\na2");
        List<Framed> out = collect(FileSources.path(dir).via(Framing.lines(FramingConfig.files())));
        assertEquals(List.of("a1", "a2", "b1", "b2"), texts(out));
        TextRecord b2 = (TextRecord) out.get(3);
        assertEquals(FileChunkReaderIds.of(dir.resolve("b.txt")), b2.at().source());
        assertEquals(3, b2.at().offset());
    }

    @Test
    void shouldResumeFromCursorInTheMiddleOfADirectory() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a1\na2\n");
        Files.writeString(dir.resolve("b.txt"), "b1\nb2\n");
        Files.writeString(dir.resolve("c.txt"), "c1\n");
        Cursor from = Cursor.at(FileChunkReaderIds.of(dir.resolve("b.txt")), 3);
        List<Framed> out = collect(FileSources.path(dir, Optional.of(from), false).via(Framing.lines(FramingConfig.files())));
        assertEquals(List.of("b2", "c1"), texts(out));
    }

    @Test
    void shouldTailAppendsAndNewFiles() throws Exception {
        Path f = dir.resolve("log-1.txt");
        Files.writeString(f, "one\n");
        TestSubscriber.Probe<Framed> probe = FileSources.path(dir, Optional.empty(), true)
                .via(Framing.lines(FramingConfig.files()))
                .runWith(TestSink.create(system), mat);
        probe.request(3);
        assertEquals("one", ((TextRecord) probe.expectNext()).text());
        probe.expectNoMessage(Duration.ofMillis(150));
        Files.writeString(f, "two\n", StandardOpenOption.APPEND);
        assertEquals("two", ((TextRecord) probe.expectNext(Duration.ofSeconds(3))).text());
        Files.writeString(dir.resolve("log-2.txt"), "three\n");
        TextRecord three = (TextRecord) probe.expectNext(Duration.ofSeconds(3));
        assertEquals("three", three.text());
        assertTrue(three.at().source().endsWith("log-2.txt"));
        probe.cancel();
    }

    @Test
    void shouldReadInputStreamAsStdinDoes() throws Exception {
        byte[] data = "x\ny\n".getBytes(StandardCharsets.UTF_8);
        List<Framed> out = collect(FileSources.inputStream("stdin", () -> new ByteArrayInputStream(data))
                .via(Framing.lines(FramingConfig.files())));
        assertEquals(List.of("x", "y"), texts(out));
        assertEquals(Cursor.at("stdin", 2), ((TextRecord) out.get(1)).at());
    }
}
