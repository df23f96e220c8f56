package io.ordo.actors;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where each start of a node's trainer workers gets its seats: a fresh in-JVM exchange
 * ({@link LocalExchangeSource}), or the next Aeron ring the coordinator forms
 * ({@link io.ordo.actors.distributed.RingExchangeSource}).
 */
public interface ExchangeSource {
    /** Completes with one seat per local worker once the next start can begin. */
    CompletionStage<List<Seat>> next();
}
