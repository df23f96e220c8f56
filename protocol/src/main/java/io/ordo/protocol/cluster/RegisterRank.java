package io.ordo.protocol.cluster;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A worker process offers itself as a rank: the coordinator answers with {@link RingFormed} once
 * enough workers registered, and again whenever the ring re-forms.
 *
 * @param member        the worker's cluster member address (to drop it when the member leaves)
 * @param aeronEndpoint {@code host:port} the worker's Aeron subscription binds (UDP)
 * @param epoch         the last ring epoch the worker trained in, 0 if none (a coordinator that
 *                      took over after a failover continues the epochs and the re-form rules)
 * @param rank          where the coordinator sends {@link RankMessage}s
 */
public record RegisterRank(String member, String aeronEndpoint, long epoch, ActorRef<RankMessage> rank)
        implements CoordinatorMessage {
    /** Validates fields. */
    public RegisterRank {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(aeronEndpoint, "aeronEndpoint");
        Objects.requireNonNull(rank, "rank");
    }
}
