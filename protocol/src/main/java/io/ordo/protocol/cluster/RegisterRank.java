package io.ordo.protocol.cluster;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A worker process offers itself as a rank: the coordinator answers with {@link RingFormed} once
 * enough workers registered, and again whenever the ring re-forms.
 *
 * @param member        the worker's cluster member address (to drop it when the member leaves)
 * @param aeronEndpoint {@code host:port} the worker's Aeron subscription binds (UDP)
 * @param preferredRank where the worker goes in ring order ({@code node-rank x nproc-per-node + local
 *                      rank}, as torchrun numbers ranks); ranks are dense, so after a loss the
 *                      survivors keep their relative order
 * @param epoch         the last ring epoch the worker trained in, 0 if none (a coordinator that
 *                      took over after a failover continues the epochs and the re-form rules)
 * @param rank          where the coordinator sends {@link RankMessage}s
 */
public record RegisterRank(String member, String aeronEndpoint, int preferredRank, long epoch,
                           ActorRef<RankMessage> rank)
        implements CoordinatorMessage {
    /** Validates fields. */
    public RegisterRank {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(aeronEndpoint, "aeronEndpoint");
        Objects.requireNonNull(rank, "rank");
    }
}
