package io.ordo.deploy.config;

import static io.ordo.deploy.config.JobKeys.path;

import com.typesafe.config.Config;
import io.ordo.actors.job.LiveOptions;
import io.ordo.streams.live.RecordFormat;
import io.ordo.streams.net.BearerToken;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code ordo.job.live} keys: a live source instead of a task, how its records are read,
 * batched and spooled. Read into the actors' {@link LiveOptions}; each error names its key and the
 * allowed values.
 */
public final class LiveSettings {
    public static final String SOURCE = "live.source";
    public static final String FORMAT = "live.format";
    public static final String LINGER = "live.linger";
    public static final String HEARTBEAT = "live.heartbeat";
    public static final String INGEST_TOKEN = "live.ingest-token";
    public static final String MAX_RECORD_BYTES = "live.max-record-bytes";
    public static final String SPOOL_LANES = "live.spool-lanes";
    public static final String SPOOL_CAP = "live.spool-cap";
    public static final String SPOOL_SEGMENT = "live.spool-segment";
    public static final String LEDGER = "live.ledger";
    public static final String SPOOL_FSYNC = "live.spool-fsync";
    /** Environment variable that supplies the ingest token when {@value #INGEST_TOKEN} is blank. */
    public static final String INGEST_TOKEN_ENV = "ORDO_INGEST_TOKEN";

    private LiveSettings() {
    }

    /**
     * @param c               the resolved {@code ordo.job} section
     * @param heldOut         the validated {@code data.text-held-out}
     * @param exchangeTimeout the workers' exchange timeout; the heartbeat must be shorter
     */
    public static LiveOptions from(Config c, double heldOut, Duration exchangeTimeout) {
        RecordFormat format;
        try {
            format = RecordFormat.parse(c.getString(FORMAT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path(FORMAT) + ": " + e.getMessage());
        }
        Duration linger = JobKeys.positive(c, LINGER);
        Duration heartbeat = JobKeys.positive(c, HEARTBEAT);
        if (heartbeat.compareTo(exchangeTimeout) >= 0) {
            throw new IllegalArgumentException(path(HEARTBEAT) + " = " + heartbeat + "; allowed: shorter than "
                    + path(ParallelSettings.EXCHANGE_TIMEOUT) + " (" + exchangeTimeout + "), or idle ranks look dead");
        }
        String fsync = c.getString(SPOOL_FSYNC).trim().toLowerCase(Locale.ROOT);
        if (!fsync.equals("always") && !fsync.equals("none")) {
            throw new IllegalArgumentException(path(SPOOL_FSYNC) + " = '" + fsync + "'; allowed: always | none");
        }
        long maxRecord = c.getBytes(MAX_RECORD_BYTES);
        if (maxRecord < 1 || maxRecord > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(path(MAX_RECORD_BYTES) + " = " + maxRecord + "; allowed: 1 .. 2GiB");
        }
        int lanes = c.getInt(SPOOL_LANES);
        if (lanes < 0) {
            throw new IllegalArgumentException(path(SPOOL_LANES) + " = " + lanes + "; allowed: 0 (one per worker) or more");
        }
        long segment = c.getBytes(SPOOL_SEGMENT);
        long cap = c.getBytes(SPOOL_CAP);
        if (segment < maxRecord + 8 || cap < 2 * segment) {
            throw new IllegalArgumentException(path(SPOOL_SEGMENT) + " = " + segment + ", " + path(SPOOL_CAP) + " = "
                    + cap + ", " + path(MAX_RECORD_BYTES) + " = " + maxRecord + "; allowed: spool-segment >= "
                    + "max-record-bytes + 8 and spool-cap >= 2 x spool-segment");
        }
        String token = c.getString(INGEST_TOKEN);
        if (token.isEmpty() && System.getenv(INGEST_TOKEN_ENV) != null) {
            token = System.getenv(INGEST_TOKEN_ENV).strip();
        }
        try {
            BearerToken.of(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path(INGEST_TOKEN) + " (or " + INGEST_TOKEN_ENV + "): " + e.getMessage()
                    + "; allowed: one word of printable characters, e.g. from openssl rand -hex 32");
        }
        return new LiveOptions(format, linger, heartbeat, token, (int) maxRecord, lanes, cap, segment, fsync,
                heldOut, c.getBoolean(LEDGER));
    }
}
