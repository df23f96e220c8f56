package io.ordo.streams.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.streams.BatchAssert;
import io.ordo.streams.Pipelines;
import io.ordo.streams.StreamTest;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.gen.Split;
import io.ordo.streams.pack.PackedRow;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest extends StreamTest {
    private static final LineSplit SPLIT = new LineSplit(0.1);
    private static final Tokenizer BYTES = Tokenizers.create("byte");

    @TempDir
    Path dir;

    private static List<String> lines(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add("line " + i + ": the " + (i % 7 == 0 ? "star" : "token") + " order " + (i * 31 % 17));
        }
        return lines;
    }

    private Path write(String name, List<String> lines) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldHoldOutAboutTheFractionAndPackExactlyTheHeldOutLines() throws Exception {
        List<String> lines = lines(2000);
        Path file = write("corpus.txt", lines);
        StringBuilder heldOut = new StringBuilder();
        lines.stream().filter(l -> SPLIT.of(l) == Split.TEST).forEach(l -> heldOut.append(l).append('\n'));
        long held = lines.stream().filter(l -> SPLIT.of(l) == Split.TEST).count();
        assertTrue(held > 150 && held < 250, held + " of 2000 lines held out");

        int t = 32;
        List<PackedRow> rows = new TextCorpus(file, BYTES, SPLIT).heldOutRows(t, 4, 20);
        assertEquals(20, rows.size());
        StringBuilder packed = new StringBuilder();
        for (PackedRow r : rows) {
            packed.append(BYTES.decode(r.tokens(), 0, t));
        }
        assertEquals(heldOut.substring(0, 20 * t), packed.toString(), "windows hold the held-out lines in order");
        int all = new TextCorpus(file, BYTES, SPLIT).heldOutRows(t, 4, Integer.MAX_VALUE).size();
        assertEquals((heldOut.length() - 4) / t, all, "every full window of the held-out text");
    }

    @Test
    void shouldRepeatEpochsAndResumeExactlyAlsoAcrossTheEpochBoundary() throws Exception {
        Path file = write("small.txt", lines(120));
        TextCorpus corpus = new TextCorpus(file, BYTES, SPLIT);
        BatchConfig cfg = BatchConfig.top(4, 16, 8);
        List<Batch> epoch = collect(Pipelines.text(file, Optional.empty(), BYTES, r -> SPLIT.of(r.text()) == Split.TRAIN,
                cfg, FramingConfig.files(), new BadInputCounters(), Optional.empty()));
        int n = epoch.size();
        assertTrue(n >= 3, n + " batches per epoch");
        List<Batch> run = collect(corpus.trainBatches(Optional.empty(), cfg, new BadInputCounters()).take(3L * n));
        BatchAssert.assertSameBatches(epoch, run.subList(0, n));
        BatchAssert.assertSameBatches(epoch, run.subList(n, 2 * n));
        for (int stop : new int[] {0, n / 2, n - 1, n, 2 * n - 1}) {
            List<Batch> resumed = collect(corpus.trainBatches(Optional.of(run.get(stop).cursor()), cfg,
                    new BadInputCounters()).take(3L * n - stop - 1));
            for (int i = 0; i < resumed.size(); i++) {
                Batch e = run.get(stop + 1 + i);
                assertEquals(e.cursor(), resumed.get(i).cursor(), "cursor after resuming at batch " + stop);
                assertArrayEquals(e.batch().tokens(), resumed.get(i).batch().tokens());
            }
        }
    }

    @Test
    void shouldFailInsteadOfSpinningWhenTheCorpusIsTooSmallForOneBatch() throws Exception {
        Path file = write("tiny.txt", lines(3));
        var source = new TextCorpus(file, BYTES, SPLIT).trainBatches(Optional.empty(), BatchConfig.ntp(8, 64),
                new BadInputCounters());
        ExecutionException e = assertThrows(ExecutionException.class, () -> collect(source));
        assertTrue(e.getCause().getMessage().contains("too little training text"), e.getCause().getMessage());
    }
}
