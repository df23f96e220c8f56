package io.ordo.transport.allreduce;

import java.security.SecureRandom;

/**
 * Which ring a gradient chunk belongs to: the ring's epoch and a 64-bit secret nonce that the
 * coordinator draws for each epoch and sends to the ring's ranks over the cluster channel (TLS when
 * enabled). Every chunk header carries both; a {@link RingAllReduce} drops and counts a chunk whose
 * pair is not its ring's, so a stray process that can reach the ring's UDP port, or a chunk of an
 * older ring, is never summed. The nonce travels in clear text inside every chunk: it keeps out
 * senders that cannot read the ring's traffic, not an on-path attacker (run the ring on a private
 * network).
 *
 * @param epoch the ring's generation (the coordinator's epoch; 0 for {@link #UNAUTHENTICATED})
 * @param nonce the ring's secret
 */
public record RingIdentity(long epoch, long nonce) {
    /**
     * The identity of rings whose ranks share one process or host (IPC, tests, benchmarks): epoch 0,
     * nonce 0. Chunks are still checked against it, so a chunk of a real ring is dropped.
     */
    public static final RingIdentity UNAUTHENTICATED = new RingIdentity(0, 0);

    /** Validates the epoch. */
    public RingIdentity {
        if (epoch < 0) {
            throw new IllegalArgumentException("ring epoch must be >= 0, got " + epoch);
        }
    }

    /** @return the identity of ring {@code epoch} with a fresh nonce from {@code random} */
    public static RingIdentity draw(long epoch, SecureRandom random) {
        return new RingIdentity(epoch, random.nextLong());
    }

    /** Leaves the nonce out, so logs never hold it. */
    @Override
    public String toString() {
        return "RingIdentity[epoch=" + epoch + ", nonce=(hidden)]";
    }
}
