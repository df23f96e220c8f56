package io.ordo.streams.net;

import java.net.BindException;
import java.net.SocketException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

/**
 * Why a server socket could not be bound, found in an exception's cause chain (Pekko wraps the
 * JDK's {@link BindException} several levels deep), as a short phrase for a one-line error.
 */
public final class BindFailure {
    private BindFailure() {
    }

    /**
     * "HOST:PORT is already in use", "HOST cannot be resolved" or "HOST:PORT cannot be bound (reason)"
     * when {@code failure} comes from a failed bind; empty otherwise.
     */
    public static Optional<String> describe(Throwable failure, String host, int port) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnresolvedAddressException
                    || t instanceof SocketException && String.valueOf(t.getMessage()).contains("Unresolved address")) {
                return Optional.of(host + " cannot be resolved to an address of this machine");
            }
            if (t instanceof BindException b) {
                String m = String.valueOf(b.getMessage());
                if (m.contains("Address already in use")) {
                    return Optional.of(host + ":" + port + " is already in use");
                }
                if (m.contains("Cannot assign requested address")) {
                    return Optional.of(host + " is not an address of this machine");
                }
                return Optional.of(host + ":" + port + " cannot be bound (" + m + ")");
            }
        }
        return Optional.empty();
    }
}
