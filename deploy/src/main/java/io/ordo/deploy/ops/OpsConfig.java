package io.ordo.deploy.ops;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The node's HTTP endpoint (metrics, health, dashboard), from {@code ordo.job}:
 *
 * @param host        {@code http-host}: interface to bind (default 127.0.0.1; 0.0.0.0 for remote scrapes)
 * @param port        {@code http-port}: port, 0 = any free port, -1 = no HTTP endpoint (default 9464)
 * @param dataTimeout {@code ready-data-timeout}: {@code /ready} fails when no batch reached the
 *                    trainer for this long (default 60 s)
 */
public record OpsConfig(String host, int port, Duration dataTimeout) {
    /** The {@code ordo.job} keys. */
    public static final String HOST_KEY = "http-host";
    public static final String PORT_KEY = "http-port";
    public static final String DATA_TIMEOUT_KEY = "ready-data-timeout";
    /** No HTTP endpoint. */
    public static final int OFF = -1;

    public OpsConfig {
        if (port < OFF || port > 65535) {
            throw new IllegalArgumentException("ordo.job." + PORT_KEY + " = " + port
                    + "; allowed: -1 (off), 0 (any free port) or a port 1..65535");
        }
        if (dataTimeout.isNegative() || dataTimeout.isZero()) {
            throw new IllegalArgumentException("ordo.job." + DATA_TIMEOUT_KEY + " = " + dataTimeout + "; allowed: > 0");
        }
    }

    /** Reads the keys from the resolved {@code ordo.job} section. */
    public static OpsConfig from(Config job) {
        return new OpsConfig(job.getString(HOST_KEY), job.getInt(PORT_KEY), job.getDuration(DATA_TIMEOUT_KEY));
    }

    public boolean enabled() {
        return port != OFF;
    }

    /** No HTTP endpoint (and no instrumentation). */
    public static OpsConfig off() {
        return new OpsConfig("127.0.0.1", OFF, Duration.ofSeconds(60));
    }
}
