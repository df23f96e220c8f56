package io.ordo.actors.metrics;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import scala.Option;

/**
 * An unbounded mailbox that counts, per actor type, the messages enqueued and dequeued: the
 * difference is the mailbox depth ({@code ordo_actor_mailbox_depth}), the dequeues are the
 * messages processed ({@code ordo_actor_messages_processed_total}). Pekko has no per-actor mailbox
 * metrics of its own (Kamon or Lightbend Telemetry add them by bytecode weaving); a mailbox type
 * is the supported extension point that sees every message of an actor.
 *
 * <p>Make it the default mailbox of typed actors ({@code pekko.actor.typed.default-mailbox.mailbox-type
 * = "io.ordo.actors.metrics.InstrumentedMailbox"}; it keeps the queue of Pekko's typed default,
 * {@code SingleConsumerOnlyUnboundedMailbox}), or name it in a {@code MailboxSelector}. Only actors under {@code /user} are counted (system and stream actors
 * get a plain queue, so tag values stay bounded). The actor type is the last element of the actor's
 * path without Pekko's generated suffixes ({@code /user/trainer} is {@code trainer}); the user
 * guardian itself is named by the mailbox key {@code guardian-type} (default {@code guardian}).
 * Counting costs two {@code LongAdder} updates per message.
 */
public final class InstrumentedMailbox implements MailboxType, ProducesMessageQueue<CountingMessageQueue> {
    private final String guardianType;

    /** Pekko's constructor for mailbox types. */
    public InstrumentedMailbox(ActorSystem.Settings settings, Config config) {
        this.guardianType = config.hasPath("guardian-type") ? config.getString("guardian-type") : "guardian";
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        String type = owner.isEmpty() || system.isEmpty() ? null
                : actorType(owner.get().path().toStringWithoutAddress(), guardianType);
        return new CountingMessageQueue(type == null ? null : OrdoMetrics.get(system.get()).actor(type));
    }

    /**
     * The actor type of {@code path} ({@code /user/...}), or null for paths outside {@code /user}.
     * Generated parts of names ({@code $a}, {@code -12}) are dropped so types stay few.
     */
    static String actorType(String path, String guardianType) {
        if (path.equals("/user")) {
            return guardianType;
        }
        if (!path.startsWith("/user/")) {
            return null;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dollar = name.indexOf('$');
        if (dollar >= 0) {
            name = name.substring(0, dollar);
        }
        name = name.replaceAll("[-_]?\\d+$", "");
        return name.isEmpty() ? "anonymous" : name;
    }
}
