package io.ordo.actors.cluster;

import java.time.Duration;

/**
 * How the {@link Coordinator} forms rings.
 *
 * @param world          ranks the first ring waits for ({@code --nnodes x --nproc-per-node})
 * @param minWorld       fewest survivors a ring re-forms with after a rank is lost, in [1, world]
 *                       (fewer: wait for replacements)
 * @param reformTimeout  after the first {@link io.ordo.protocol.cluster.RingBroken} report of a ring,
 *                       how long to wait for the other ranks' reports (or the silent one's removal)
 *                       before re-forming with the ranks that reported
 * @param baseStreamId   Aeron stream id base; ring {@code epoch} uses streams from
 *                       {@code baseStreamId + epoch * STREAMS_PER_EPOCH}
 */
public record CoordinatorSettings(int world, int minWorld, Duration reformTimeout, int baseStreamId) {
    /** Stream ids reserved for one ring (so at most this many ranks). */
    public static final int STREAMS_PER_EPOCH = 256;

    /** Validates the settings. */
    public CoordinatorSettings {
        if (world < 1 || world > STREAMS_PER_EPOCH || minWorld < 1 || minWorld > world) {
            throw new IllegalArgumentException("need 1 <= min-world <= world <= " + STREAMS_PER_EPOCH + "; got world "
                    + world + ", min-world " + minWorld);
        }
        if (reformTimeout == null || reformTimeout.isNegative() || reformTimeout.isZero()) {
            throw new IllegalArgumentException("reform timeout must be positive, got " + reformTimeout);
        }
        if (baseStreamId < 1) {
            throw new IllegalArgumentException("base stream id must be >= 1, got " + baseStreamId);
        }
    }

    /** @return the first stream id of ring {@code epoch} */
    public int streamsOf(long epoch) {
        return baseStreamId + (int) (epoch % 100_000) * STREAMS_PER_EPOCH;
    }
}
