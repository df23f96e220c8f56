package io.ordo.actors.live;

import io.ordo.actors.job.LiveOptions;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.core.batch.Shard;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.live.HeldOutWindows;
import io.ordo.streams.live.Lane;
import io.ordo.streams.live.LiveBatches;
import io.ordo.streams.text.LineSplit;
import io.ordo.streams.tokenize.Tokenizer;
import java.util.List;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's live data (a {@code --source}) while it runs: its lanes, its held-out windows, and what
 * happens once a checkpoint that covers some of the data is durable (Kafka offsets committed, spool
 * segments deleted). Lane i is read by rank {@code i % world}; a rank without a lane sends blank
 * batches. Opened once per node by the launcher, started by the node's supervisor, and shared by
 * every trainer start (a restart re-reads the lanes from the checkpoint's positions).
 */
public abstract class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final LiveBatches.Reading reading;
    private final HeldOutWindows heldOut;
    private final int keepCheckpoints;
    /** Positions of the newest durable checkpoints written by this process, oldest first; release thread only. */
    private final Deque<Map<String, Cursor>> durableHistory = new ArrayDeque<>();
    /** Releases run here, one at a time and in checkpoint order, off the supervisor's thread. */
    private final ExecutorService releases = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ordo-live-release");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param tokenizer      the text tokenizer
     * @param seqLen         window inputs T
     * @param lookahead      extra target tokens per window
     * @param heldOutWindows held-out windows kept for evaluation
     * @param keepCheckpoints checkpoints the run keeps (a resume may fall back to any of them)
     */
    protected LiveFeed(LiveOptions options, Tokenizer tokenizer, int seqLen, int lookahead, int heldOutWindows,
                       int keepCheckpoints) {
        this.keepCheckpoints = Math.max(1, keepCheckpoints);
        this.reading = new LiveBatches.Reading(tokenizer, options.format(), new LineSplit(options.heldOut()),
                options.linger(), options.heartbeat());
        this.heldOut = new HeldOutWindows(tokenizer, seqLen, lookahead, heldOutWindows);
    }

    /** Binds ingest endpoints or connects; called once, before the first trainer starts. */
    public abstract void start(ActorSystem<?> system);

    /** All lanes, in a fixed order (Kafka: by partition). */
    public abstract List<Lane> lanes();

    /**
     * A checkpoint holding {@code positions} (every lane's) is durable: releases what it covers on a
     * thread of its own, in order (see {@link #release}). A failed release is logged and retried by
     * the next checkpoint's, which covers more.
     */
    public final void durable(Map<String, Cursor> positions) {
        if (positions.isEmpty()) {
            return;
        }
        releases.execute(() -> {
            durableHistory.addLast(positions);
            if (durableHistory.size() > keepCheckpoints) {
                durableHistory.removeFirst();
            }
            Map<String, Cursor> oldestKept = durableHistory.size() == keepCheckpoints ? durableHistory.peekFirst() : Map.of();
            try {
                release(positions, oldestKept);
            } catch (RuntimeException e) {
                LOG.warn("could not release the data a durable checkpoint covers ({}); the next checkpoint retries",
                        e.toString());
            }
        });
    }

    /**
     * Releases what durable checkpoints cover.
     *
     * @param newest     the newest durable checkpoint's positions (e.g. offsets to commit: a resume
     *                   trusts its checkpoint, not the commit)
     * @param oldestKept the positions of the oldest checkpoint the run still keeps, once this process
     *                   has written as many as the run keeps (all older ones are pruned by then), else
     *                   empty: data before them is needed by no checkpoint a resume could fall back to
     *                   (e.g. spool segments to delete)
     */
    protected abstract void release(Map<String, Cursor> newest, Map<String, Cursor> oldestKept);

    /** One line for the console: what is read, where. */
    public abstract String describe();

    /** Stops releasing (waits for the releases under way) and closes the source. */
    @Override
    public final void close() {
        releases.shutdown();
        try {
            releases.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSource();
    }

    /** Unbinds endpoints, closes the spool or clients. */
    protected abstract void closeSource();

    /** The lanes rank {@code shard.rank()} of {@code shard.world()} reads. */
    public List<Lane> lanesOf(Shard shard) {
        List<Lane> all = lanes();
        return IntStream.range(0, all.size()).filter(i -> i % shard.world() == shard.rank()).mapToObj(all::get).toList();
    }

    /**
     * One rank's batches, from {@code from} (a checkpoint's lane positions; empty for a fresh run).
     *
     * @param othersHaveData whether in the last step this rank was dry while others trained (see {@link LiveBatches#of})
     */
    public Source<Batch, NotUsed> batches(Shard shard, Map<String, Cursor> from, BatchConfig config,
            BadInputCounters counters, BooleanSupplier othersHaveData) {
        return LiveBatches.of(lanesOf(shard), from, reading, shard.count(config.rows()), config, counters, heldOut,
                othersHaveData);
    }

    /** The held-out windows gathered so far. */
    public HeldOutWindows heldOut() {
        return heldOut;
    }
}
