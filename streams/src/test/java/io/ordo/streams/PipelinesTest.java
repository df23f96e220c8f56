package io.ordo.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.gen.StarGraphGenerator;
import io.ordo.streams.gen.Split;
import io.ordo.streams.gen.TaskExample;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.source.FileSources;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinesTest extends StreamTest {

    @TempDir
    Path dir;

    /** Lines of random words with some bad ones mixed in; roughly {@code lines * 40} bytes. */
    private static void writeCorpus(Path file, int lines, long seed) throws Exception {
        Random rnd = new Random(seed);
        String[] words = {"the", "star", "graph", "token", "order", "\u00e9t\u00e9", "predict", "path", "of", "a"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            if (i % 97 == 13) {
                sb.append('\n');
            }
            int n = 1 + rnd.nextInt(12);
            for (int w = 0; w < n; w++) {
                sb.append(w == 0 ? "" : " ").append(words[rnd.nextInt(words.length)]);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private List<Batch> text(Path path, Optional<Cursor> from, Tokenizer tok, BatchConfig cfg) throws Exception {
        return collect(Pipelines.text(path, from, tok, cfg, FramingConfig.files(), new BadInputCounters(), Optional.empty()));
    }

    @Test
    void shouldResumeTextPipelineFromABatchCursorWithIdenticalFollowingBatches() throws Exception {
        Files.createDirectories(dir.resolve("corpus"));
        writeCorpus(dir.resolve("corpus/a.txt"), 300, 1);
        writeCorpus(dir.resolve("corpus/b.txt"), 300, 2);
        for (String name : new String[] {"byte", "cl100k"}) {
            Tokenizer tok = Tokenizers.create(name);
            BatchConfig cfg = BatchConfig.top(4, 24, 8);
            List<Batch> all = text(dir.resolve("corpus"), Optional.empty(), tok, cfg);
            assertTrue(all.size() > 10, name + ": " + all.size() + " batches");
            for (int stop : new int[] {0, 3, all.size() / 2, all.size() - 2}) {
                List<Batch> resumed = text(dir.resolve("corpus"), Optional.of(all.get(stop).cursor()), tok, cfg);
                BatchAssert.assertSameBatches(all.subList(stop + 1, all.size()), resumed);
            }
        }
    }

    @Test
    void shouldResumeTaskPipelineFromGeneratorCursor() throws Exception {
        StarGraphGenerator g = new StarGraphGenerator(2, 5, 50, 9, Split.TRAIN, 0.1);
        Tokenizer tok = Tokenizers.create("stargraph:50");
        BatchConfig cfg = BatchConfig.top(8, g.sampleTokens(), g.sampleTokens());
        List<Batch> first = collect(Pipelines.task(g, Optional.empty(), tok, cfg, new BadInputCounters()).take(10));
        assertEquals(Cursor.at(g.id(), 40), first.get(4).cursor());
        List<Batch> resumed = collect(Pipelines.task(g, Optional.of(first.get(4).cursor()), tok, cfg,
                new BadInputCounters()).take(5));
        for (int i = 0; i < 5; i++) {
            BatchAssert.assertSameBatch(first.get(5 + i), resumed.get(i));
        }
        boolean[] mask = first.get(0).batch().targetMask();
        int pathTargets = 0;
        for (boolean m : mask) {
            pathTargets += m ? 1 : 0;
        }
        assertEquals(8 * 5, pathTargets, "loss only on the l path tokens of each row");
    }

    @Test
    void shouldThrottleFileReadsWhenTheSinkIsSlow() throws Exception {
        Path big = dir.resolve("big.txt");
        writeCorpus(big, 400_000, 3); // ~ 16 MB
        long size = Files.size(big);
        AtomicLong read = new AtomicLong();
        TestSubscriber.Probe<Batch> probe = Pipelines.textBatches(
                        FileSources.path(big).map(c -> {
                            read.addAndGet(c.bytes().size());
                            return c;
                        }),
                        Optional.empty(), Tokenizers.create("byte"), BatchConfig.top(2, 64, 16),
                        FramingConfig.files(), new BadInputCounters(), Optional.empty())
                .runWith(TestSink.create(system), mat);
        probe.request(1);
        probe.expectNext(Duration.ofSeconds(5));
        probe.expectNoMessage(Duration.ofMillis(500));
        long afterOne = read.get();
        assertTrue(afterOne <= 2L * 1024 * 1024, "read " + afterOne + " of " + size + " bytes for one batch");
        probe.request(5);
        probe.expectNextN(5);
        probe.cancel();
    }

    @Test
    void shouldDrawOnlyDemandedExamplesFromAGenerator() throws Exception {
        StarGraphGenerator g = new StarGraphGenerator(2, 4, 20, 1, Split.TRAIN, 0);
        AtomicLong drawn = new AtomicLong();
        TaskGenerator counting = new TaskGenerator() {
            @Override
            public String id() {
                return g.id();
            }

            @Override
            public TaskExample example(long index) {
                drawn.incrementAndGet();
                return g.example(index);
            }
        };
        TestSubscriber.Probe<Batch> probe = Pipelines.task(counting, Optional.empty(), Tokenizers.create("stargraph:20"),
                        BatchConfig.ntp(4, g.sampleTokens()), new BadInputCounters())
                .runWith(TestSink.create(system), mat);
        probe.request(1);
        probe.expectNext(Duration.ofSeconds(5));
        probe.expectNoMessage(Duration.ofMillis(300));
        // one batch emitted, the next group prefetched, one example in flight: bounded, not the endless source
        assertTrue(drawn.get() <= 3 * 4, "drew " + drawn.get() + " examples for one batch of 4");
        probe.cancel();
    }
}
