package io.ordo.streams.spool;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an ingest server listens and who may post.
 *
 * @param host        interface to bind; default {@value #DEFAULT_HOST} (loopback only)
 * @param port        port, or 0 for any free one (read it from the binding)
 * @param bearerToken if present, HTTP requests need {@code Authorization: Bearer <token>} (else 401);
 *                    TCP and stdin have no authentication: bind them to loopback
 */
public record IngestConfig(String host, int port, Optional<String> bearerToken) {

    /** Default bind address: loopback. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    public IngestConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(bearerToken, "bearerToken");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (bearerToken.isPresent() && bearerToken.get().isBlank()) {
            throw new IllegalArgumentException("blank bearer token");
        }
    }

    /** Loopback, the given port, no token. */
    public static IngestConfig loopback(int port) {
        return new IngestConfig(DEFAULT_HOST, port, Optional.empty());
    }

    /** The same with a bearer token required. */
    public IngestConfig withBearerToken(String token) {
        return new IngestConfig(host, port, Optional.of(token));
    }
}
