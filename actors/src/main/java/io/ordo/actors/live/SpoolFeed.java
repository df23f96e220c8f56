package io.ordo.actors.live;

import io.ordo.actors.job.LiveOptions;
import io.ordo.actors.job.LiveSource;
import io.ordo.actors.metrics.OrdoMetrics;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.live.Lane;
import io.ordo.streams.spool.FsyncPolicy;
import io.ordo.streams.net.BindFailure;
import io.ordo.streams.spool.IngestConfig;
import io.ordo.streams.spool.Spool;
import io.ordo.streams.spool.SpoolConfig;
import io.ordo.streams.spool.SpoolHttpIngest;
import io.ordo.streams.spool.SpoolStdinIngest;
import io.ordo.streams.spool.SpoolTcpIngest;
import io.ordo.streams.tokenize.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code http://}, {@code tcp://} and {@code stdin}: sources that cannot replay, so every record
 * goes into the durable {@link Spool} in {@code <run>/spool} first (HTTP answers only after that)
 * and training reads the spool's lanes. Segments are deleted once every checkpoint the run keeps
 * covers them (a resume may fall back to the oldest kept one if the newest is damaged); a full spool pushes back on the producers (HTTP 503 with Retry-After, TCP and stdin stop
 * reading).
 */
final class SpoolFeed extends LiveFeed {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolFeed.class);

    private final LiveSource source;
    private final Spool spool;
    private final Path spoolDir;
    private final List<Lane> lanes;
    private String bound = "";
    private Runnable unbind = () -> { };

    /** @param workers default lane count of a new spool (one per worker) */
    SpoolFeed(LiveSource source, Path runDir, int workers, Tokenizer tokenizer, int seqLen, int lookahead,
              int heldOutWindows, int keep) {
        super(source.options(), tokenizer, seqLen, lookahead, heldOutWindows, keep);
        this.source = source;
        LiveOptions o = source.options();
        SpoolConfig config = new SpoolConfig(o.spoolLanes() > 0 ? o.spoolLanes() : workers, o.spoolSegmentBytes(),
                o.spoolCapBytes(), FsyncPolicy.valueOf(o.spoolFsync().toUpperCase(Locale.ROOT)), o.maxRecordBytes());
        try {
            this.spoolDir = runDir.resolve("spool");
            this.spool = Spool.open(spoolDir, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spool in " + runDir.resolve("spool") + ": " + e.getMessage(), e);
        }
        this.lanes = IntStream.range(0, spool.lanes()).mapToObj(spool::lane).toList();
    }

    @Override
    public void start(ActorSystem<?> system) {
        var counters = OrdoMetrics.get(system).streamCounters();
        LiveOptions o = source.options();
        IngestConfig ingest = source.uri() == null ? null : new IngestConfig(source.uri().getHost(),
                source.uri().getPort(), o.ingestToken().isEmpty() ? Optional.empty() : Optional.of(o.ingestToken()));
        try {
            switch (source.kind()) {
                case HTTP -> {
                    var b = SpoolHttpIngest.bind(spool, ingest, counters, system).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    bound = "http://" + b.localAddress().getHostString() + ":" + b.localAddress().getPort()
                            + SpoolHttpIngest.PATH;
                    unbind = () -> b.unbind();
                }
                case TCP -> {
                    var b = SpoolTcpIngest.bind(spool, ingest, counters, system).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    bound = "tcp://" + b.localAddress().getHostString() + ":" + b.localAddress().getPort();
                    unbind = () -> b.unbind();
                }
                case STDIN -> {
                    bound = "stdin";
                    SpoolStdinIngest.stdin(spool, counters, system)
                            .whenComplete((d, e) -> LOG.info("stdin ended{}; spooled records keep training",
                                    e == null ? "" : " with " + e));
                }
                default -> throw new IllegalStateException("not a spooled source: " + source.kind());
            }
        } catch (Exception e) {
            String why = e.getMessage();
            if (ingest != null) {
                why = BindFailure.describe(e, ingest.host(), ingest.port())
                        .map(w -> w + "; choose a free port in --source (or stop what holds it)").orElse(why);
            }
            throw new IllegalStateException("cannot start ingest for " + source + ": " + why, e);
        }
        LOG.info("ingest {} into spool {} ({} lanes)", bound, spoolDir, spool.lanes());
    }

    @Override
    public List<Lane> lanes() {
        return lanes;
    }

    @Override
    protected void release(Map<String, Cursor> newest, Map<String, Cursor> oldestKept) {
        for (int i = 0; i < lanes.size(); i++) {
            Cursor at = oldestKept.get(lanes.get(i).key());
            if (at != null) {
                try {
                    spool.deleteBefore(i, at.offset());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    public String describe() {
        SpoolConfig c = spool.config();
        String where = bound.isEmpty() ? source.toString() : bound;
        return where + " into the spool (" + spool.lanes() + " lane(s), cap " + (c.capBytes() >> 20) + " MiB, fsync "
                + c.fsync().name().toLowerCase(Locale.ROOT) + ")";
    }

    @Override
    protected void closeSource() {
        unbind.run();
        try {
            spool.close();
        } catch (IOException e) {
            LOG.warn("closing the spool: {}", e.toString());
        }
    }
}
