package io.ordo.streams;

import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.core.batch.Shard;
import io.ordo.streams.batch.Sharding;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.frame.Framing;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.frame.TextRecord;
import io.ordo.streams.frame.Rejected;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.meter.Stage;
import io.ordo.streams.mi.OrderTargets;
import io.ordo.streams.mi.TargetOrder;
import io.ordo.streams.tokenize.TaskTokens;
import io.ordo.streams.pack.Pack;
import io.ordo.streams.frame.Chunk;
import io.ordo.streams.source.FileSources;
import io.ordo.streams.tokenize.Tokenize;
import io.ordo.streams.tokenize.Tokenizer;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.function.Predicate;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Whole pipelines from a source to batches, assembled from the separately testable stages:
 * {@code source -> framing -> (jsonl) -> route bad input -> tokenize -> pack -> batch}.
 */
public final class Pipelines {

    private Pipelines() {
    }

    /**
     * Text lines of a file or directory to batches of windows; resumable from a batch cursor.
     *
     * @param path        file or directory
     * @param from        resume point (a {@link Batch#cursor()}), or empty
     * @param tokenizer   text tokenizer; each line is followed by the tokens of {@code "\n"}
     * @param config      batch shape and targets
     * @param framing     line framing
     * @param counters    bad-input counts
     * @param deadLetters where rejected records go, or empty to only count them
     */
    public static Source<Batch, NotUsed> text(Path path, Optional<Cursor> from, Tokenizer tokenizer,
            BatchConfig config, FramingConfig framing, BadInputCounters counters,
            Optional<Sink<Rejected, ?>> deadLetters) {
        return textBatches(FileSources.path(path, from, false), from, tokenizer, config, framing, counters, deadLetters);
    }

    /**
     * As {@link #text(Path, Optional, Tokenizer, BatchConfig, FramingConfig, BadInputCounters, Optional)},
     * keeping only the well-formed records that {@code keep} accepts (e.g. one side of a train /
     * held-out split). Dropped records are neither tokenized nor counted as bad input, so a
     * cursor still resumes exactly.
     */
    public static Source<Batch, NotUsed> text(Path path, Optional<Cursor> from, Tokenizer tokenizer,
            Predicate<TextRecord> keep, BatchConfig config, FramingConfig framing, BadInputCounters counters,
            Optional<Sink<Rejected, ?>> deadLetters) {
        return text(path, from, tokenizer, keep, config, framing, counters, deadLetters, Shard.WHOLE);
    }

    /**
     * As {@link #text(Path, Optional, Tokenizer, Predicate, BatchConfig, FramingConfig, BadInputCounters, Optional)},
     * one data-parallel rank's share of each global batch (see {@link Sharding#rows}).
     */
    public static Source<Batch, NotUsed> text(Path path, Optional<Cursor> from, Tokenizer tokenizer,
            Predicate<TextRecord> keep, BatchConfig config, FramingConfig framing, BadInputCounters counters,
            Optional<Sink<Rejected, ?>> deadLetters, Shard shard) {
        return FileSources.path(path, from, false).via(Framing.lines(framing))
                .via(textToBatches(from, tokenizer, keep, config, counters, deadLetters, shard));
    }

    /** Any chunk source through framing, tokenizing, packing and batching. */
    public static <M> Source<Batch, M> textBatches(Source<Chunk, M> chunks, Optional<Cursor> from,
            Tokenizer tokenizer, BatchConfig config, FramingConfig framing, BadInputCounters counters,
            Optional<Sink<Rejected, ?>> deadLetters) {
        return chunks.via(Framing.lines(framing)).via(textToBatches(from, tokenizer, config, counters, deadLetters));
    }

    /** Framed records (from any source, e.g. TCP or HTTP) to batches. */
    public static Flow<Framed, Batch, NotUsed> textToBatches(Optional<Cursor> from, Tokenizer tokenizer,
            BatchConfig config, BadInputCounters counters, Optional<Sink<Rejected, ?>> deadLetters) {
        return textToBatches(from, tokenizer, r -> true, config, counters, deadLetters, Shard.WHOLE);
    }

    /**
     * Framed records to one data-parallel rank's batches, keeping only the records {@code keep}
     * accepts: every rank reads, tokenizes and packs all windows (cheap), then assembles only its
     * rows of each global batch (see {@link Sharding#rows}; {@link Shard#WHOLE} for all of them).
     */
    public static Flow<Framed, Batch, NotUsed> textToBatches(Optional<Cursor> from, Tokenizer tokenizer,
            Predicate<TextRecord> keep, BatchConfig config, BadInputCounters counters,
            Optional<Sink<Rejected, ?>> deadLetters, Shard shard) {
        return Flow.of(Framed.class)
                .via(counters.stages().tap(Stage.RECORDS))
                .via(Framing.route(counters, deadLetters))
                .filter(keep)
                .via(Tokenize.lines(tokenizer, from))
                .via(counters.stages().tap(Stage.TOKENIZED))
                .via(Pack.windows(config.seqLen(), config.lookahead()))
                .via(counters.stages().tap(Stage.PACKED))
                .via(Sharding.rows(config, shard))
                .via(counters.stages().tap(Stage.BATCHED));
    }

    /**
     * Generated task examples to batches of one padded, masked example per row.
     *
     * @param from resume point (a {@link Batch#cursor()} of this generator), or empty for index 0
     */
    public static Source<Batch, NotUsed> task(TaskGenerator generator, Optional<Cursor> from, Tokenizer tokenizer,
            BatchConfig config, BadInputCounters counters) {
        return task(generator, from, tokenizer, Optional.empty(), config, counters);
    }

    /** As {@link #task(TaskGenerator, Optional, Tokenizer, BatchConfig, BadInputCounters)}, targets in {@code order}. */
    public static Source<Batch, NotUsed> task(TaskGenerator generator, Optional<Cursor> from, Tokenizer tokenizer,
            Optional<TargetOrder> order, BatchConfig config, BadInputCounters counters) {
        return task(generator, from, tokenizer, order, config, counters, Shard.WHOLE);
    }

    /**
     * One data-parallel rank's batches of generated examples, addressed by example index: global
     * batch k (counting from {@code from}) is examples {@code [c0 + k * B, c0 + (k + 1) * B)}, c0 the
     * cursor's example index (0 without one), B = {@code config.rows()}. The rank generates,
     * tokenizes, packs and assembles only its {@link Shard} of them ({@code shard.count(B)} rows);
     * each batch carries the global index k and cursor {@code c0 + (k + 1) * B}, equal on every rank
     * and to those of the unsharded stream, so a cursor resumes with any world size. An example too
     * long for a row becomes a blank row (see {@link Pack#examples}), so batches stay aligned.
     *
     * @param from  resume point (a {@link Batch#cursor()} of this generator), or empty for index 0
     * @param order target order, or empty for natural
     * @param shard this rank's share of each global batch, {@link Shard#WHOLE} for all of it
     */
    public static Source<Batch, NotUsed> task(TaskGenerator generator, Optional<Cursor> from, Tokenizer tokenizer,
            Optional<TargetOrder> order, BatchConfig config, BadInputCounters counters, Shard shard) {
        long first = from.map(generator::indexOf).orElse(0L);
        return generator.source(first, shard, config.rows())
                .via(counters.stages().tap(Stage.EXAMPLES))
                .via(Tokenize.task(tokenizer))
                .via(order.map(OrderTargets::by).orElseGet(() -> Flow.of(TaskTokens.class)))
                .via(counters.stages().tap(Stage.TOKENIZED))
                .via(Pack.examples(config.seqLen(), config.lookahead(), tokenizer.padId(), counters))
                .via(counters.stages().tap(Stage.PACKED))
                .via(Sharding.indexed(config, shard, generator.id(), first))
                .via(counters.stages().tap(Stage.BATCHED));
    }
}
