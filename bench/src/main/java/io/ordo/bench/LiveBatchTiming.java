package io.ordo.bench;

import io.ordo.core.batch.TokenBatch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.live.HeldOutWindows;
import io.ordo.streams.live.Lane;
import io.ordo.streams.live.LiveBatches;
import io.ordo.streams.live.RecordFormat;
import io.ordo.streams.text.LineSplit;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Times one source's records for {@link LiveBench}: {@link LiveBatches#of} reads every lane from its
 * start (one rank reading all, as {@code ordo train --source} does) until its batches hold every window
 * the records make; or, for the consume share alone, the lanes' records are counted without parsing,
 * tokenizing or packing.
 */
final class LiveBatchTiming {
    /** Longest a run may go without a new window (blank heartbeats only) before it is declared stuck. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** One timed read: windows and records out, wall seconds, seconds to the first window, whether all came. */
    record Run(long windows, long tokens, double seconds, double firstSeconds, boolean complete) {
    }

    private final Materializer mat;
    private final int records;
    private final int rows;
    private final int seqLen;
    private final double heldOut;

    /** Reads of {@code records} records into batches of {@code rows} x {@code seqLen}, {@code heldOut} held out. */
    LiveBatchTiming(Materializer mat, int records, int rows, int seqLen, double heldOut) {
        this.mat = mat;
        this.records = records;
        this.rows = rows;
        this.seqLen = seqLen;
        this.heldOut = heldOut;
    }

    /** Seconds to read all records from every lane (merged), validated records only: the lanes' own cost. */
    double readRaw(List<Lane> lanes) throws Exception {
        long t0 = System.nanoTime();
        long n = Source.from(lanes).flatMapMerge(lanes.size(), l -> l.records(Optional.empty()))
                .take(records)
                .runWith(Sink.fold(0L, (Long acc, Framed f) -> acc + 1), mat)
                .toCompletableFuture().get(10, TimeUnit.MINUTES);
        if (n != records) {
            throw new IllegalStateException("read " + n + " of " + records + " records");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Reads every lane from its start until the batches hold {@code expected} windows (or stall); puts
     * the first full batch of {@code c} into {@code sample} if it holds none yet.
     */
    Run read(List<Lane> lanes, LiveCase c, long expected, Map<LiveCase, TokenBatch> sample) throws Exception {
        Tokenizer tok = Tokenizers.create(c.tokenizer());
        BatchConfig config = c.config(rows, seqLen);
        LiveBatches.Reading reading = new LiveBatches.Reading(tok, RecordFormat.TEXT, new LineSplit(heldOut),
                Duration.ofMillis(200), Duration.ofSeconds(1));
        HeldOutWindows held = new HeldOutWindows(tok, seqLen, config.lookahead(), 500);
        long[] windows = {0};
        long[] first = {0};
        long[] last = {0};
        long t0 = System.nanoTime();
        last[0] = t0;
        LiveBatches.of(lanes, Map.of(), reading, rows, config, new BadInputCounters(), held, () -> false)
                .takeWhile(b -> {
                    long now = System.nanoTime();
                    if (!blank(b.batch())) {
                        if (windows[0] == 0) {
                            first[0] = now;
                        }
                        windows[0] += b.batch().rows();
                        last[0] = now;
                        if (b.batch().rows() == rows) {
                            sample.putIfAbsent(c, b.batch());
                        }
                        return windows[0] < expected;
                    }
                    return now - last[0] < STALL_NANOS;
                }, false)
                .runWith(Sink.ignore(), mat)
                .toCompletableFuture().get(10, TimeUnit.MINUTES);
        double s = (last[0] - t0) / 1e9;
        return new Run(windows[0], windows[0] * seqLen, s, first[0] == 0 ? Double.NaN : (first[0] - t0) / 1e9,
                windows[0] >= expected);
    }

    /** A heartbeat's batch: one row, no target. */
    private static boolean blank(TokenBatch b) {
        if (b.targetMask() == null) {
            return false;
        }
        for (boolean m : b.targetMask()) {
            if (m) {
                return false;
            }
        }
        return true;
    }
}
