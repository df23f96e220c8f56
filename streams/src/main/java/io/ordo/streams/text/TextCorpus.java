package io.ordo.streams.text;

import io.ordo.core.batch.Shard;
import io.ordo.streams.Pipelines;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.Chunk;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.frame.LineFramer;
import io.ordo.streams.frame.TextRecord;
import io.ordo.streams.gen.Split;
import io.ordo.streams.pack.PackedRow;
import io.ordo.streams.pack.WindowPacker;
import io.ordo.streams.source.FileSources;
import io.ordo.streams.tokenize.TokenChunk;
import io.ordo.streams.tokenize.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A text file, or every regular file of a directory in name order, as a language-modelling corpus:
 * lines split by {@link LineSplit} into training and held-out lines, each line tokenized and
 * followed by the tokens of {@code "\n"}, packed into windows of T + lookahead tokens.
 *
 * <p>Training batches ({@link #trainBatches}) go through {@link Pipelines#text} and repeat the
 * corpus in epochs without end; each epoch is packed on its own (the tokens after its last full
 * global batch are dropped), so a batch cursor resumes exactly, also at an epoch boundary and with
 * another world size: a data-parallel rank reads and packs all windows but assembles only its
 * {@link Shard}'s rows of each global batch. Held-out windows
 * ({@link #heldOutRows}) are read synchronously, for evaluation.
 *
 * @param path      file or directory
 * @param tokenizer text tokenizer
 * @param split     train / held-out partition of the lines
 */
public record TextCorpus(Path path, Tokenizer tokenizer, LineSplit split) {

    public TextCorpus {
        path = path.toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("text corpus " + path + " does not exist");
        }
        if (!Files.isRegularFile(path) && !Files.isDirectory(path)) {
            throw new IllegalArgumentException("text corpus " + path + " is neither a regular file nor a directory "
                    + "(a FIFO, socket or device cannot be read twice)");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("text corpus " + path + " is not readable (permissions)");
        }
        if (Files.isDirectory(path) && files(path).isEmpty()) {
            throw new IllegalArgumentException("text corpus directory " + path + " holds no regular files");
        }
    }

    /**
     * Training batches, epoch after epoch: from {@code from} (a {@link Batch#cursor()} of this
     * source) to the end of the corpus, then the whole corpus again and again. Fails if a whole
     * epoch yields no batch (too little training text for one batch).
     */
    public Source<Batch, NotUsed> trainBatches(Optional<Cursor> from, BatchConfig config, BadInputCounters counters) {
        return trainBatches(from, config, counters, Shard.WHOLE);
    }

    /**
     * As {@link #trainBatches(Optional, BatchConfig, BadInputCounters)}, one data-parallel rank's rows
     * of each global batch of {@code config.rows()} windows; index and cursors are the global batch's.
     */
    public Source<Batch, NotUsed> trainBatches(Optional<Cursor> from, BatchConfig config, BadInputCounters counters,
            Shard shard) {
        Source<Batch, NotUsed> later = Source.repeat(NotUsed.getInstance())
                .flatMapConcat(x -> epoch(Optional.empty(), config, counters, shard).orElse(tooLittleText(config)));
        return epoch(from, config, counters, shard).concatLazy(later);
    }

    /** A source that fails once pulled (a failed source would fail {@code orElse} at once). */
    private Source<Batch, NotUsed> tooLittleText(BatchConfig config) {
        return Source.<Batch, NotUsed>lazySource(() -> Source.failed(new IllegalStateException("text corpus " + path
                        + " has too little training text for one batch of " + config.rows() + " x " + config.width()
                        + " tokens")))
                .mapMaterializedValue(m -> NotUsed.getInstance());
    }

    private Source<Batch, NotUsed> epoch(Optional<Cursor> from, BatchConfig config, BadInputCounters counters,
            Shard shard) {
        return Pipelines.text(path, from, tokenizer, r -> split.of(r.text()) == Split.TRAIN, config,
                FramingConfig.files(), counters, Optional.empty(), shard);
    }

    /**
     * The first {@code max} held-out windows of {@code seqLen + lookahead} tokens (stride seqLen),
     * fewer if the held-out text runs out. Malformed lines are skipped as in training.
     */
    public List<PackedRow> heldOutRows(int seqLen, int lookahead, int max) {
        WindowPacker packer = new WindowPacker(seqLen, lookahead);
        LineFramer framer = new LineFramer(FramingConfig.files());
        int[] newline = tokenizer.encode("\n");
        List<PackedRow> rows = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(FileSources.CHUNK_BYTES);
        for (Path file : files()) {
            try (FileChannel channel = FileChannel.open(file)) {
                String source = file.toString();
                long offset = 0;
                while (rows.size() < max) {
                    buffer.clear();
                    int n = channel.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    buffer.flip();
                    pack(framer.feed(new Chunk(source, offset, ByteString.fromByteBuffer(buffer))), packer, newline, rows);
                    offset += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read text corpus file " + file, e);
            }
            if (rows.size() >= max) {
                return rows.subList(0, max);
            }
        }
        pack(framer.finish(), packer, newline, rows);
        return rows.size() > max ? rows.subList(0, max) : rows;
    }

    private void pack(List<Framed> framed, WindowPacker packer, int[] newline, List<PackedRow> rows) {
        for (Framed f : framed) {
            if (f instanceof TextRecord r && split.of(r.text()) == Split.TEST) {
                int[] body = tokenizer.encode(r.text());
                int[] all = Arrays.copyOf(body, body.length + newline.length);
                System.arraycopy(newline, 0, all, body.length, newline.length);
                rows.addAll(packer.feed(new TokenChunk(all, r.at(), r.nextOffset())));
            }
        }
    }

    /** The corpus files in reading order. */
    private List<Path> files() {
        return files(path);
    }

    private static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list text corpus " + path, e);
        }
    }
}
