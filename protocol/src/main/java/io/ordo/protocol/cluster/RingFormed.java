package io.ordo.protocol.cluster;

import java.util.List;

/**
 * The coordinator's assignment for one ring: this worker is {@code rank} of {@code world}, publishes
 * to {@code endpoints.get((rank + 1) % world)}, subscribes on {@code endpoints.get(rank)}, uses
 * Aeron streams from {@code baseStreamId} (fresh for each epoch, so chunks of a dead ring never
 * reach a new one), trains on row shard {@code rank} of {@code world} of every global batch, and
 * starts from rank 0's newest checkpoint (broadcast over the ring) when {@code epoch > 1}.
 *
 * @param epoch        ring generation, 1 for the first ring, +1 for every re-formation
 * @param rank         this worker's rank
 * @param world        ranks in the ring
 * @param endpoints    Aeron {@code host:port} of every rank, in ring order
 * @param baseStreamId Aeron stream id base of this ring
 */
public record RingFormed(long epoch, int rank, int world, List<String> endpoints, int baseStreamId)
        implements RankMessage {
    /** Validates the assignment. */
    public RingFormed {
        endpoints = List.copyOf(endpoints);
        if (epoch < 1 || world < 1 || rank < 0 || rank >= world || endpoints.size() != world) {
            throw new IllegalArgumentException("bad ring assignment: epoch " + epoch + ", rank " + rank + " of "
                    + world + ", endpoints " + endpoints);
        }
    }
}
