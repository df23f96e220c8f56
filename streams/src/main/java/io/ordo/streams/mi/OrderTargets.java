package io.ordo.streams.mi;

import io.ordo.streams.tokenize.TaskTokens;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;

/** The stage that reorders each example's target tokens by a {@link TargetOrder} before packing. */
public final class OrderTargets {

    private OrderTargets() {
    }

    /** Reorders targets; an example whose target length differs from the order's fails the stream (a config bug). */
    public static Flow<TaskTokens, TaskTokens, NotUsed> by(TargetOrder order) {
        return Flow.of(TaskTokens.class).map(t -> {
            if (t.targetLength() != order.length()) {
                throw new IllegalArgumentException("target of " + t.targetLength() + " tokens, order " + order
                        + " is for " + order.length() + " (at " + t.at() + ")");
            }
            int[] tokens = t.tokens().clone();
            order.apply(tokens, t.targetStart());
            return new TaskTokens(tokens, t.targetStart(), t.at());
        });
    }
}
