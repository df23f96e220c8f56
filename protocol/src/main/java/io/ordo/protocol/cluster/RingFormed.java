package io.ordo.protocol.cluster;

import io.ordo.transport.allreduce.RingIdentity;
import java.util.List;

/**
 * The coordinator's assignment for one ring: this worker is {@code rank} of {@code world}, publishes
 * to {@code endpoints.get((rank + 1) % world)}, subscribes on {@code endpoints.get(rank)}, uses
 * Aeron streams from {@code baseStreamId} (fresh for each epoch, so chunks of a dead ring never
 * reach a new one), trains on row shard {@code rank} of {@code world} of every global batch, and
 * starts from rank 0's newest checkpoint (broadcast over the ring) when {@code epoch > 1}. Every
 * gradient chunk of the ring carries {@code epoch} and {@code nonce}, a secret the coordinator drew
 * for this ring; ranks drop chunks without them ({@link io.ordo.transport.allreduce.RingIdentity}).
 *
 * @param epoch        ring generation, 1 for the first ring, +1 for every re-formation
 * @param rank         this worker's rank
 * @param world        ranks in the ring
 * @param endpoints    Aeron {@code host:port} of every rank, in ring order
 * @param baseStreamId Aeron stream id base of this ring
 * @param nonce        the ring's secret (the same for every rank of the ring, fresh for every epoch)
 */
public record RingFormed(long epoch, int rank, int world, List<String> endpoints, int baseStreamId, long nonce)
        implements RankMessage {
    /** Validates the assignment. */
    public RingFormed {
        endpoints = List.copyOf(endpoints);
        if (epoch < 1 || world < 1 || rank < 0 || rank >= world || endpoints.size() != world) {
            throw new IllegalArgumentException("bad ring assignment: epoch " + epoch + ", rank " + rank + " of "
                    + world + ", endpoints " + endpoints);
        }
    }

    /** @return the ring's identity, which its chunks carry */
    public RingIdentity identity() {
        return new RingIdentity(epoch, nonce);
    }

    /** Leaves the nonce out, so logs never hold it. */
    @Override
    public String toString() {
        return "RingFormed[epoch=" + epoch + ", rank=" + rank + ", world=" + world + ", endpoints=" + endpoints
                + ", baseStreamId=" + baseStreamId + ", nonce=(hidden)]";
    }
}
