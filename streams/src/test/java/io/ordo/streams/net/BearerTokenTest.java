package io.ordo.streams.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared bearer token check and the bind-failure phrase. */
class BearerTokenTest {

    @Test
    void shouldAdmitOnlyTheExactTokenAfterACaseInsensitiveBearerScheme() {
        BearerToken t = BearerToken.of("s3cret").orElseThrow();
        assertTrue(t.admitsHeader("Bearer s3cret"));
        assertTrue(t.admitsHeader("bearer s3cret"), "the scheme is case-insensitive (RFC 7235)");
        assertFalse(t.admitsHeader("Bearer s3cre"));
        assertFalse(t.admitsHeader("Bearer s3cret2"));
        assertFalse(t.admitsHeader("Basic s3cret"));
        assertFalse(t.admitsHeader("s3cret"));
        assertFalse(t.admitsHeader(null));
        assertFalse(t.matches(null));
        assertTrue(t.matches("s3cret"));
        assertFalse(t.toString().contains("s3cret"), "toString does not reveal the token");
        assertEquals(8, t.fingerprint().length());
        assertFalse(BearerToken.of("other").orElseThrow().fingerprint().equals(t.fingerprint()));
    }

    @Test
    void shouldTreatNoValueAsNoTokenAndRefuseWhiteSpace() {
        assertEquals(Optional.empty(), BearerToken.of(""));
        assertEquals(Optional.empty(), BearerToken.of(null));
        assertThrows(IllegalArgumentException.class, () -> BearerToken.of(" "));
        assertThrows(IllegalArgumentException.class, () -> BearerToken.of("two words"));
        assertThrows(IllegalArgumentException.class, () -> BearerToken.of("line\n"));
    }

    @Test
    void shouldNameAPortInUseFromTheCauseChain() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            BindException cause;
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                throw new AssertionError("bound a port in use");
            } catch (BindException e) {
                cause = e;
            }
            Exception wrapped = new IllegalStateException("outer", new RuntimeException("middle", cause));
            assertEquals(Optional.of("127.0.0.1:" + port + " is already in use"), BindFailure.describe(wrapped, "127.0.0.1", port));
            assertEquals(Optional.empty(), BindFailure.describe(new IllegalStateException("x"), "127.0.0.1", port));
        }
    }
}
