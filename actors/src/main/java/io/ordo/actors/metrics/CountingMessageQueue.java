package io.ordo.actors.metrics;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.NodeMessageQueue;
import org.apache.pekko.dispatch.UnboundedMessageQueueSemantics;

/**
 * The queue of an {@link InstrumentedMailbox}: Pekko's typed default queue (the multi-producer
 * single-consumer {@link NodeMessageQueue} of {@code SingleConsumerOnlyUnboundedMailbox}) that
 * reports each enqueue and each successful dequeue to its actor type's {@link ActorMeters} (null:
 * counts nothing).
 */
public final class CountingMessageQueue implements MessageQueue, UnboundedMessageQueueSemantics {
    private final NodeMessageQueue queue = new NodeMessageQueue();
    private final ActorMeters meters;

    CountingMessageQueue(ActorMeters meters) {
        this.meters = meters;
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
        if (meters != null) {
            meters.enqueued();
        }
        queue.enqueue(receiver, handle);
    }

    @Override
    public Envelope dequeue() {
        Envelope e = queue.dequeue();
        if (e != null && meters != null) {
            meters.dequeued();
        }
        return e;
    }

    @Override
    public int numberOfMessages() {
        return queue.numberOfMessages();
    }

    @Override
    public boolean hasMessages() {
        return queue.hasMessages();
    }

    /** Hands what is left to dead letters through {@link #dequeue()}, so the depth drops back. */
    @Override
    public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
        for (Envelope e = dequeue(); e != null; e = dequeue()) {
            deadLetters.enqueue(owner, e);
        }
    }
}
