package io.ordo.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.core.batch.Shard;
import io.ordo.core.batch.TokenBatch;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.BadInputReason;
import io.ordo.streams.gen.ArithmeticGenerator;
import io.ordo.streams.gen.ArithmeticOp;
import io.ordo.streams.gen.Split;
import io.ordo.streams.gen.StarGraphGenerator;
import io.ordo.streams.gen.TaskExample;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.text.LineSplit;
import io.ordo.streams.text.TextCorpus;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.UnaryOperator;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel sharding of the pipelines: for world sizes 1, 2, 3 and global batches of B = 8 rows,
 * the ranks' batches are the rows [r * B / W, (r + 1) * B / W) of the unsharded (world = 1) batch,
 * with its index and cursors, and a cursor taken with one world size resumes the world = 1 sequence
 * exactly with another.
 */
class ShardedPipelinesTest extends StreamTest {

    private static final int B = 8;
    /** Global batches compared per run. */
    private static final int K = 8;

    @TempDir
    Path dir;

    /** One rank's batches from a resume point. */
    @FunctionalInterface
    private interface Pipeline {
        Source<Batch, NotUsed> open(Optional<Cursor> from, Shard shard);
    }

    private static Pipeline task(TaskGenerator g, Tokenizer tok, BatchConfig cfg) {
        return (from, shard) -> Pipelines.task(g, from, tok, Optional.empty(), cfg, new BadInputCounters(), shard);
    }

    @Test
    void shouldShardStarGraphBatchesWithAndWithoutTop() throws Exception {
        StarGraphGenerator g = new StarGraphGenerator(2, 5, 50, 9, Split.TRAIN, 0.1);
        Tokenizer tok = Tokenizers.create("stargraph:50");
        int len = g.sampleTokens();
        assertShardsMatchWhole(task(g, tok, BatchConfig.ntp(B, len - 1)));
        assertShardsMatchWhole(task(g, tok, BatchConfig.top(B, len, 4)));
    }

    @Test
    void shouldShardArithmeticBatchesOfVariableLengthTargetsWithAndWithoutTop() throws Exception {
        ArithmeticGenerator mul = new ArithmeticGenerator(ArithmeticOp.MUL, 3, 4, Split.TRAIN, 0.1);
        TaskGenerator g = mapped(mul, e -> new TaskExample(e.prompt(), e.target().replaceFirst("^0+(?=.)", ""), e.at()));
        Tokenizer tok = Tokenizers.create("digits");
        int len = mul.promptLength() + mul.targetLength();
        BatchConfig ntp = BatchConfig.ntp(B, len - 1);
        Batch first = collect(task(g, tok, ntp).open(Optional.empty(), Shard.WHOLE).take(1)).get(0);
        Set<Integer> targetLengths = new HashSet<>();
        for (int r = 0; r < B; r++) {
            targetLengths.add(targets(first.batch(), r));
        }
        assertTrue(targetLengths.size() > 1, "targets of varying length: " + targetLengths);
        assertShardsMatchWhole(task(g, tok, ntp));
        assertShardsMatchWhole(task(g, tok, BatchConfig.top(B, len, 5)));
    }

    @Test
    void shouldShardTextBatchesAcrossEpochsWithAndWithoutTop() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            lines.add("line " + i + ": the " + (i % 3 == 0 ? "star" : "token") + " order " + (i * 31 % 17));
        }
        Path file = dir.resolve("corpus.txt");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        TextCorpus corpus = new TextCorpus(file, Tokenizers.create("byte"), new LineSplit(0.1));
        BatchConfig ntp = BatchConfig.ntp(B, 16);
        List<Batch> run = collect(corpus.trainBatches(Optional.empty(), ntp, new BadInputCounters()).take(K));
        int epochStarts = 0;
        for (int i = 1; i < K; i++) {
            epochStarts += run.get(i).cursor().offset() < run.get(i - 1).cursor().offset() ? 1 : 0;
        }
        assertTrue(epochStarts >= 2, K + " batches span at least three epochs");
        assertShardsMatchWhole((from, shard) -> corpus.trainBatches(from, ntp, new BadInputCounters(), shard));
        BatchConfig top = BatchConfig.top(B, 16, 8);
        assertShardsMatchWhole((from, shard) -> corpus.trainBatches(from, top, new BadInputCounters(), shard));
    }

    @Test
    void shouldKeepGlobalBatchesAlignedWhenAnExampleIsRejected() throws Exception {
        ArithmeticGenerator add = new ArithmeticGenerator(ArithmeticOp.ADD, 2, 6, Split.TRAIN, 0.1);
        TaskGenerator g = mapped(add, e -> e.at().offset() % 7 == 3 ? new TaskExample(e.prompt() + e.prompt(), e.target(), e.at()) : e);
        Tokenizer tok = Tokenizers.create("digits");
        int len = add.promptLength() + add.targetLength();
        BatchConfig cfg = BatchConfig.top(B, len, 2);
        BadInputCounters counters = new BadInputCounters();
        List<Batch> whole = collect(Pipelines.task(g, Optional.empty(), tok, Optional.empty(), cfg, counters, Shard.WHOLE)
                .take(3));
        assertTrue(counters.rejected(BadInputReason.TOO_LONG_FOR_ROW) >= 3, "examples 3, 10, 17 are too long");
        int width = cfg.width();
        for (int b = 0; b < 3; b++) {
            TokenBatch tb = whole.get(b).batch();
            assertEquals(Cursor.at(g.id(), (b + 1) * B), whole.get(b).cursor());
            for (int r = 0; r < B; r++) {
                long i = (long) b * B + r;
                if (i % 7 == 3) {
                    assertEquals(0, targets(tb, r), "example " + i + " is a blank row without targets");
                } else {
                    assertEquals(g.example(i).text(), tok.decode(tb.tokens(), r * width, len), "row " + r + " is example " + i);
                }
            }
        }
        assertShardsMatchWhole(task(g, tok, cfg));
    }

    @Test
    void shouldGenerateOnlyTheRanksOwnExamples() throws Exception {
        StarGraphGenerator g = new StarGraphGenerator(2, 4, 20, 1, Split.TRAIN, 0);
        Tokenizer tok = Tokenizers.create("stargraph:20");
        long c0 = 5;
        for (int r = 0; r < 3; r++) {
            Set<Long> drawn = new ConcurrentSkipListSet<>();
            TaskGenerator counting = mapped(g, e -> {
                drawn.add(e.at().offset());
                return e;
            });
            Shard shard = new Shard(r, 3);
            int lo = r * B / 3;
            int hi = (r + 1) * B / 3;
            collect(task(counting, tok, BatchConfig.ntp(B, g.sampleTokens())).open(Optional.of(Cursor.at(g.id(), c0)), shard)
                    .take(4));
            for (long i : drawn) {
                long row = (i - c0) % B;
                assertTrue(i >= c0 && row >= lo && row < hi, shard + " generated example " + i + ", not one of its rows");
            }
            for (long b = 0; b < 4; b++) {
                for (long row = lo; row < hi; row++) {
                    assertTrue(drawn.contains(c0 + b * B + row), shard + " misses example " + (c0 + b * B + row));
                }
            }
        }
    }

    @Test
    void shouldRejectABatchWithFewerRowsThanRanks() {
        StarGraphGenerator g = new StarGraphGenerator(2, 4, 20, 1, Split.TRAIN, 0);
        Pipeline p = task(g, Tokenizers.create("stargraph:20"), BatchConfig.ntp(2, g.sampleTokens()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.open(Optional.empty(), new Shard(2, 3)));
        assertTrue(e.getMessage().contains("cannot be split over 3 ranks"), e.getMessage());
    }

    /**
     * World sizes 1, 2, 3 against world = 1, from the start; then a cursor taken with 3 ranks resumes
     * with 2 and with 1, and one taken with 2 resumes with 3, each continuing the world = 1 sequence.
     */
    private void assertShardsMatchWhole(Pipeline p) throws Exception {
        List<Batch> whole = collect(p.open(Optional.empty(), Shard.WHOLE).take(K));
        assertEquals(K, whole.size());
        for (int w = 1; w <= 3; w++) {
            assertShards(whole, ranks(p, Optional.empty(), w, K), w, true);
        }
        int stop = 2;
        Cursor fromThree = ranks(p, Optional.empty(), 3, stop + 1).get(2).get(stop).cursor();
        List<Batch> tail = whole.subList(stop + 1, K);
        assertShards(tail, ranks(p, Optional.of(fromThree), 1, tail.size()), 1, false);
        List<List<Batch>> two = ranks(p, Optional.of(fromThree), 2, tail.size());
        assertShards(tail, two, 2, false);
        Cursor fromTwo = two.get(1).get(1).cursor();
        List<Batch> tail2 = whole.subList(stop + 3, K);
        assertShards(tail2, ranks(p, Optional.of(fromTwo), 3, tail2.size()), 3, false);
    }

    /**
     * Each rank's batch i is its rows of {@code whole.get(i)}, with the global batch's cursors and the
     * same index on every rank (that of {@code whole} when both started at the same point).
     */
    private static void assertShards(List<Batch> whole, List<List<Batch>> ranks, int world, boolean sameStart) {
        assertEquals(world, ranks.size());
        for (int r = 0; r < world; r++) {
            int lo = r * B / world;
            int hi = (r + 1) * B / world;
            assertEquals(whole.size(), ranks.get(r).size(), "batches of rank " + r);
            for (int i = 0; i < whole.size(); i++) {
                Batch e = whole.get(i);
                Batch a = ranks.get(r).get(i);
                assertEquals(sameStart ? e.index() : ranks.get(0).get(i).index(), a.index(), "index of rank " + r);
                assertEquals(e.cursor(), a.cursor(), "cursor of rank " + r + " of " + world + ", batch " + i);
                BatchAssert.assertSameBatch(new Batch(e.index(), e.batch().rows(lo, hi - lo), e.start(), e.cursor()), a);
            }
        }
    }

    private List<List<Batch>> ranks(Pipeline p, Optional<Cursor> from, int world, int n) throws Exception {
        List<List<Batch>> out = new ArrayList<>();
        for (int r = 0; r < world; r++) {
            out.add(collect(p.open(from, new Shard(r, world)).take(n)));
        }
        return out;
    }

    /** Target tokens of row {@code r}. */
    private static int targets(TokenBatch b, int r) {
        int n = 0;
        for (int j = 0; j < b.width(); j++) {
            n += b.isTarget(r, j) ? 1 : 0;
        }
        return n;
    }

    /** {@code g} with each example passed through {@code f}. */
    private static TaskGenerator mapped(TaskGenerator g, UnaryOperator<TaskExample> f) {
        return new TaskGenerator() {
            @Override
            public String id() {
                return g.id();
            }

            @Override
            public TaskExample example(long index) {
                return f.apply(g.example(index));
            }
        };
    }
}
