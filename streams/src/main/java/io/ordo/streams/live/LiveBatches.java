package io.ordo.streams.live;

import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.Framing;
import io.ordo.streams.frame.TextRecord;
import io.ordo.streams.gen.Split;
import io.ordo.streams.meter.Stage;
import io.ordo.streams.pack.Pack;
import io.ordo.streams.text.LineSplit;
import io.ordo.streams.tokenize.Tokenize;
import io.ordo.streams.tokenize.Tokenizer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One rank's training batches from the live lanes it reads:
 * {@code lane -> parse (text/JSONL) -> route bad input -> hold out by hash -> tokenize -> pack},
 * each lane on its own (its windows never mix with another lane's, so each lane's position is a
 * plain cursor), then the lanes merge and windows group into batches of at most {@code rows}:
 * a batch leaves when full or {@code linger} after its first window, whatever came. When no
 * window comes, a blank batch (nothing to train) goes out instead ({@link BlankPacer}): at once
 * while the other ranks have data, so a dry lane (or a rank without lanes) never holds them up,
 * else every {@code heartbeat}, so a data-parallel step never waits on an idle source long enough
 * to look like a dead rank; a step whose every rank is blank trains nothing (see {@code Trainer}).
 *
 * <p>Each batch carries the positions of all of this rank's lanes after it (see
 * {@link LiveAssembler}); resuming every lane from them continues without loss or repeat.
 */
public final class LiveBatches {

    /** How often a rank without windows checks whether to send a blank batch. */
    static final Duration BLANK_POLL = Duration.ofMillis(5);

    private LiveBatches() {
    }

    /**
     * How records become windows and windows batches.
     *
     * @param tokenizer text tokenizer; each record is followed by the tokens of {@code "\n"}
     * @param format    text or JSONL records
     * @param split     train / held-out partition of the records by hash
     * @param linger    longest wait for a batch to fill once it has a window
     * @param heartbeat idle time after which a blank batch is sent
     */
    public record Reading(Tokenizer tokenizer, RecordFormat format, LineSplit split, Duration linger,
                          Duration heartbeat) {
    }

    /**
     * @param lanes    the lanes this rank reads
     * @param from     positions to resume at, by lane key (a checkpoint's, possibly of other ranks'
     *                 lanes too; lanes without one start at their beginning)
     * @param rows     most windows per batch: this rank's share of the global batch
     * @param config   window shape and targets
     * @param counters bad-input and stage counts
     * @param heldOut  where held-out records go
     * @param othersHaveData whether in the last step this rank was dry while others trained: then it
     *                 answers at once with a blank batch instead of waiting for the heartbeat
     */
    public static Source<Batch, NotUsed> of(List<Lane> lanes, Map<String, Cursor> from, Reading reading, int rows,
            BatchConfig config, BadInputCounters counters, HeldOutWindows heldOut, BooleanSupplier othersHaveData) {
        List<Source<LaneRow, NotUsed>> windows = lanes.stream()
                .map(lane -> windows(lane, Optional.ofNullable(from.get(lane.key())), reading, config, counters, heldOut))
                .toList();
        Map<String, Cursor> own = new HashMap<>();
        lanes.stream().filter(l -> from.containsKey(l.key())).forEach(l -> own.put(l.key(), from.get(l.key())));
        Source<List<LaneRow>, NotUsed> groups = windows.isEmpty() ? Source.never()
                : Source.from(windows).flatMapMerge(windows.size(), s -> s).groupedWithin(rows, reading.linger());
        return groups
                .keepAlive(BLANK_POLL, List::of)
                .statefulMapConcat(() -> {
                    BlankPacer pacer = new BlankPacer(reading.heartbeat(), othersHaveData);
                    return g -> pacer.pass(g) ? List.of(g) : List.<List<LaneRow>>of();
                })
                .statefulMap(() -> new LiveAssembler(config, reading.tokenizer().padId(), own),
                        (LiveAssembler a, List<LaneRow> g) -> Pair.create(a, a.assemble(g)),
                        a -> Optional.empty())
                .via(counters.stages().tap(Stage.BATCHED));
    }

    private static Source<LaneRow, NotUsed> windows(Lane lane, Optional<Cursor> from, Reading reading,
            BatchConfig config, BadInputCounters counters, HeldOutWindows heldOut) {
        LineSplit split = reading.split();
        Sink<TextRecord, ?> heldOutSink = Sink.foreach(heldOut::add);
        return lane.records(from)
                .via(reading.format().parser())
                .via(counters.stages().tap(Stage.RECORDS))
                .via(Framing.route(counters, Optional.empty()))
                .divertTo(heldOutSink, r -> split.of(r.text()) == Split.TEST)
                .via(Tokenize.lines(reading.tokenizer(), from))
                .via(counters.stages().tap(Stage.TOKENIZED))
                .via(Pack.windows(config.seqLen(), config.lookahead()))
                .via(counters.stages().tap(Stage.PACKED))
                .map(row -> new LaneRow(lane.key(), row));
    }
}
