package io.ordo.deploy.ops;

import com.typesafe.config.Config;
import io.ordo.deploy.http.HttpToken;
import io.ordo.streams.net.BearerToken;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's HTTP endpoint (metrics, health, dashboard), from {@code ordo.job}:
 *
 * @param host        {@code http.host}: interface to bind (default 127.0.0.1; 0.0.0.0 for remote scrapes)
 * @param port        {@code http.port}: port, 0 = any free port, -1 = no HTTP endpoint (default 9464)
 * @param dataTimeout {@code http.ready-data-timeout}: {@code /ready} fails when no batch reached the
 *                    trainer for this long (default 60 s)
 * @param token       {@code http.token}, {@code http.token-file} or env {@value HttpToken#ENV}: when
 *                    present every route needs it ({@link io.ordo.deploy.http.TokenGate}); default none
 */
public record OpsConfig(String host, int port, Duration dataTimeout, Optional<BearerToken> token) {
    /** The {@code ordo.job} keys (the http group). */
    public static final String HOST_KEY = "http.host";
    public static final String PORT_KEY = "http.port";
    public static final String DATA_TIMEOUT_KEY = "http.ready-data-timeout";
    public static final String TOKEN_KEY = "http.token";
    public static final String TOKEN_FILE_KEY = "http.token-file";
    /** No HTTP endpoint. */
    public static final int OFF = -1;

    public OpsConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        if (port < OFF || port > 65535) {
            throw new IllegalArgumentException("ordo.job." + PORT_KEY + " = " + port
                    + "; allowed: -1 (off), 0 (any free port) or a port 1..65535");
        }
        if (dataTimeout.isNegative() || dataTimeout.isZero()) {
            throw new IllegalArgumentException("ordo.job." + DATA_TIMEOUT_KEY + " = " + dataTimeout + "; allowed: > 0");
        }
    }

    /** An endpoint without a token. */
    public OpsConfig(String host, int port, Duration dataTimeout) {
        this(host, port, dataTimeout, Optional.empty());
    }

    /** Reads the keys from the resolved {@code ordo.job} section (and {@value HttpToken#ENV}). */
    public static OpsConfig from(Config job) {
        return from(job, System.getenv(HttpToken.ENV));
    }

    /** As {@link #from(Config)} with {@code env} as the value of {@value HttpToken#ENV}. */
    static OpsConfig from(Config job, String env) {
        return new OpsConfig(job.getString(HOST_KEY), job.getInt(PORT_KEY), job.getDuration(DATA_TIMEOUT_KEY),
                HttpToken.resolve("ordo.job." + TOKEN_KEY, job.getString(TOKEN_KEY), "ordo.job." + TOKEN_FILE_KEY,
                        job.getString(TOKEN_FILE_KEY), env));
    }

    public boolean enabled() {
        return port != OFF;
    }

    /** No HTTP endpoint (and no instrumentation). */
    public static OpsConfig off() {
        return new OpsConfig("127.0.0.1", OFF, Duration.ofSeconds(60));
    }
}
