package io.ordo.actors.job;

import io.ordo.streams.live.RecordFormat;
import java.time.Duration;

/**
 * How a live source ({@code --source}) is read and, for sources that cannot replay, spooled.
 *
 * @param format         text lines or JSONL records
 * @param linger         longest wait for a rank's batch to fill once it has a window
 * @param heartbeat      idle time after which a rank sends a blank batch (keeps the ring alive)
 * @param ingestToken    bearer token HTTP ingest requires, or empty for none
 * @param maxRecordBytes longest record accepted (HTTP answers 413 above it)
 * @param spoolLanes     lanes of a new spool (0 = one per trainer worker)
 * @param spoolCapBytes  spool size at which ingest pushes back (HTTP 503, TCP stops reading)
 * @param spoolSegmentBytes segment file size
 * @param spoolFsync     fsync before acknowledging ({@code always}) or not ({@code none})
 * @param heldOut        share of records held out (hash split) for perplexity, in (0, 1)
 * @param ledger         write the per-rank data ledger of which records each step trained
 */
public record LiveOptions(RecordFormat format, Duration linger, Duration heartbeat,
                          String ingestToken, int maxRecordBytes, int spoolLanes, long spoolCapBytes,
                          long spoolSegmentBytes, String spoolFsync, double heldOut,
                          boolean ledger) {

    /** Defaults: text records, 200 ms linger, 1 s heartbeat, no token, 1 MiB records, 1 GiB spool. */
    public static final LiveOptions DEFAULTS = new LiveOptions(RecordFormat.TEXT, Duration.ofMillis(200),
            Duration.ofSeconds(1), "", 1 << 20, 0, 1L << 30, 64L << 20, "always", 0.1, false);
}
