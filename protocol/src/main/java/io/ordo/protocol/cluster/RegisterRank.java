package io.ordo.protocol.cluster;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A worker process offers itself as a rank: the coordinator answers with {@link RingFormed} once
 * enough workers registered, and again whenever the ring re-forms.
 *
 * @param member        the worker's cluster member address (to drop it when the member leaves)
 * @param aeronEndpoint {@code host:port} the worker's Aeron subscription binds (UDP)
 * @param rank          where the coordinator sends {@link RankMessage}s
 */
public record RegisterRank(String member, String aeronEndpoint, ActorRef<RankMessage> rank)
        implements CoordinatorMessage {
    /** Validates fields. */
    public RegisterRank {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(aeronEndpoint, "aeronEndpoint");
        Objects.requireNonNull(rank, "rank");
    }
}
