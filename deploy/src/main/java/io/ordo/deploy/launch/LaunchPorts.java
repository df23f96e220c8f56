package io.ordo.deploy.launch;

import io.ordo.streams.net.BindFailure;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Optional;

/**
 * The ports of one {@code ordo launch} node, checked before the node starts so that a port in use
 * is one line naming the option to change, not a cluster that fails to bind (Artery) or a ring that
 * breaks and re-forms forever (Aeron).
 */
final class LaunchPorts {
    private LaunchPorts() {
    }

    /** The port of {@code --seed-nodes}'s first HOST:PORT. */
    static int seedPort(String seed) {
        String first = seed.split(",")[0];
        int colon = first.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--seed-nodes " + seed + " has no HOST:PORT; allowed: HOST:PORT[,HOST:PORT...], "
                    + "e.g. 127.0.0.1:" + LaunchCommand.DEFAULT_SEED_PORT);
        }
        try {
            return inRange("--seed-nodes port", Integer.parseInt(first.substring(colon + 1).trim()), 1);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed-nodes " + seed + ": the port is not a number; allowed: "
                    + "HOST:PORT[,HOST:PORT...], e.g. 127.0.0.1:" + LaunchCommand.DEFAULT_SEED_PORT);
        }
    }

    /** {@code port} within {@code min..65535}. */
    static int inRange(String option, int port, int min) {
        if (port < min || port > 65535) {
            throw new IllegalArgumentException(option + " " + port + "; allowed: " + (min == 0 ? "0 (any free port) or " : "")
                    + "a port 1..65535");
        }
        return port;
    }

    /**
     * Checks that the UDP ports {@code first .. first + count - 1} on {@code host} (the Aeron
     * subscriptions of this node's workers) are free.
     *
     * @throws IllegalStateException naming the port in use and {@code --aeron-port}
     */
    static void checkAeronPortsFree(String host, int first, int count) {
        inRange("--aeron-port", first, 1);
        inRange("--aeron-port + --nproc-per-node - 1 =", first + count - 1, 1);
        for (int p = 0; p < count; p++) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(host, first + p))) {
                s.getLocalPort();
            } catch (SocketException e) {
                String why = BindFailure.describe(e, host, first + p).orElse(host + ":" + (first + p) + " cannot be bound ("
                        + e.getMessage() + ")");
                throw new IllegalStateException("Aeron port (UDP) of worker " + p + ": " + why + "; choose another "
                        + "--aeron-port (worker p uses PORT + p)");
            }
        }
    }

    /** A failure to start the node's cluster transport, as one line, when it is a bind failure. */
    static Optional<IllegalStateException> clusterBindFailure(Throwable e, String host, int port, int nodeRank) {
        return BindFailure.describe(e, host, port).map(why -> new IllegalStateException("cluster (Artery) port: " + why
                + (nodeRank == 0 ? "; node 0 listens on the --seed-nodes port: choose another --seed-nodes HOST:PORT (on every node)"
                : "; choose another --port (0 = any free port)")));
    }
}
