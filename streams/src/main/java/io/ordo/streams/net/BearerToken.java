package io.ordo.streams.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * A shared secret that HTTP clients present as {@code Authorization: Bearer <token>} (RFC 6750),
 * checked in constant time: both sides are hashed with SHA-256 and the digests compared with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of the token leaks through
 * the time a refusal takes. Used by the HTTP ingest ({@code ordo.job.live.ingest-token}) and the node's
 * and {@code ordo dashboard}'s endpoint ({@code ordo.job.http.token}).
 */
public final class BearerToken {
    private static final String SCHEME = "bearer ";
    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    /**
     * The token {@code value}, or empty when it is {@code null} or empty (no token: every request is admitted).
     *
     * @throws IllegalArgumentException when it is blank or has white space or control characters
     *                                  (HTTP header values cannot carry them intact)
     */
    public static Optional<BearerToken> of(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a bearer token must not contain white space or control characters");
        }
        return Optional.of(new BearerToken(value));
    }

    /** Whether {@code candidate} is this token (constant time; {@code null} is not). */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
    }

    /** Whether {@code authorization} (a header value) is {@code Bearer <this token>}; the scheme is case-insensitive. */
    public boolean admitsHeader(String authorization) {
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        return matches(authorization.substring(SCHEME.length()).strip());
    }

    /** Whether {@code request} carries {@code Authorization: Bearer <this token>}. */
    public boolean admits(HttpRequest request) {
        return request.getHeader("Authorization").map(h -> admitsHeader(h.value())).orElse(false);
    }

    /**
     * A short name derived from the token (the first 8 hex digits of its SHA-256) that does not
     * reveal it: a cookie name that differs between servers with different tokens.
     */
    public String fingerprint() {
        return HexFormat.of().formatHex(digest, 0, 4);
    }

    /**
     * A value derived from this token for {@code purpose}: the hex SHA-256 of the purpose and the
     * token's digest. It proves knowledge of the token without being it (a browser session cookie
     * then holds this, not the token).
     */
    public String derive(String purpose) {
        MessageDigest md = sha256();
        md.update(purpose.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(digest);
        return HexFormat.of().formatHex(md.digest());
    }

    private static byte[] sha256(String s) {
        return sha256().digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[" + fingerprint() + "]";
    }
}
