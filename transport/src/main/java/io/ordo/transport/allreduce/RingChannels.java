package io.ordo.transport.allreduce;

import java.util.List;

/**
 * Where each rank of the ring listens: rank r subscribes on its own channel and stream, and
 * publishes to rank (r + 1) % n's. Over IPC (one host, one shared driver) all ranks use
 * {@code aeron:ipc} and the stream id tells them apart; over UDP each rank binds its own
 * {@code host:port} endpoint. When the ring re-forms (a rank died), give the new ring a fresh
 * {@code baseStreamId} so no chunk of the old ring can reach it, and its {@link RingIdentity}, so
 * that a chunk that reaches it anyway (or comes from a stray sender) is dropped.
 *
 * @param worldSize    ranks in the ring
 * @param endpoints    one {@code host:port} per rank, in rank order, or empty for IPC
 * @param baseStreamId rank r receives on stream {@code baseStreamId + r}
 * @param identity     the ring's epoch and nonce, carried and checked in every chunk header
 */
public record RingChannels(int worldSize, List<String> endpoints, int baseStreamId, RingIdentity identity) {
    /** Validates sizes. */
    public RingChannels {
        endpoints = List.copyOf(endpoints);
        if (identity == null) {
            throw new IllegalArgumentException("identity must not be null (RingIdentity.UNAUTHENTICATED for none)");
        }
        if (worldSize < 1) {
            throw new IllegalArgumentException("worldSize must be >= 1, got " + worldSize);
        }
        if (!endpoints.isEmpty() && endpoints.size() != worldSize) {
            throw new IllegalArgumentException("need one endpoint per rank: " + worldSize + " ranks, "
                    + endpoints.size() + " endpoints " + endpoints);
        }
    }

    /** @return IPC channels for {@code worldSize} ranks sharing one media driver, {@link RingIdentity#UNAUTHENTICATED} */
    public static RingChannels ipc(int worldSize, int baseStreamId) {
        return new RingChannels(worldSize, List.of(), baseStreamId, RingIdentity.UNAUTHENTICATED);
    }

    /**
     * @return UDP channels, rank r binding {@code endpoints.get(r)} ("host:port"),
     *         {@link RingIdentity#UNAUTHENTICATED} (give a ring across hosts its own with {@link #withIdentity})
     */
    public static RingChannels udp(List<String> endpoints, int baseStreamId) {
        return new RingChannels(endpoints.size(), endpoints, baseStreamId, RingIdentity.UNAUTHENTICATED);
    }

    /** @return these channels for the ring {@code identity} */
    public RingChannels withIdentity(RingIdentity identity) {
        return new RingChannels(worldSize, endpoints, baseStreamId, identity);
    }

    /** @return true for IPC */
    public boolean isIpc() {
        return endpoints.isEmpty();
    }

    /** @return the channel rank {@code rank} subscribes on */
    public String subscriptionChannel(int rank) {
        return isIpc() ? "aeron:ipc" : "aeron:udp?endpoint=" + endpoints.get(rank);
    }

    /** @return the stream rank {@code rank} subscribes on */
    public int subscriptionStreamId(int rank) {
        return baseStreamId + rank;
    }

    /** @return the channel rank {@code rank} publishes on (to rank + 1), with term length and mtu */
    public String publicationChannel(int rank, AeronConfig config) {
        int next = (rank + 1) % worldSize;
        String params = "term-length=" + config.termLength() + "|mtu=" + config.mtu();
        return isIpc() ? "aeron:ipc?" + params : "aeron:udp?endpoint=" + endpoints.get(next) + "|" + params;
    }

    /** @return the stream rank {@code rank} publishes on */
    public int publicationStreamId(int rank) {
        return baseStreamId + (rank + 1) % worldSize;
    }

    /** @return log buffers one driver holds for its ranks: n over IPC, 2 per rank over UDP */
    public int logBuffersPerDriver(int ranksOnDriver) {
        return isIpc() ? ranksOnDriver : 2 * ranksOnDriver;
    }
}
