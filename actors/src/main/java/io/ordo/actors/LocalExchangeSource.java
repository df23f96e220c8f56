package io.ordo.actors;

import io.ordo.model.train.GradientExchange;
import io.ordo.model.train.LocalGradientExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code ordo train}'s seats: every start gets a fresh {@link LocalGradientExchange} of
 * {@code workers} replicas (an aborted exchange stays aborted), one worker per seat.
 */
public final class LocalExchangeSource implements ExchangeSource {
    private final int workers;
    private final Duration timeout;

    public LocalExchangeSource(int workers, Duration timeout) {
        this.workers = workers;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<List<Seat>> next() {
        LocalGradientExchange exchange = LocalGradientExchange.create(workers, timeout);
        List<Seat> seats = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            seats.add(new LocalSeat(exchange, w));
        }
        return CompletableFuture.completedFuture(seats);
    }

    private record LocalSeat(LocalGradientExchange exchange, int local) implements Seat {
        @Override
        public long epoch() {
            return 0;
        }

        @Override
        public GradientExchange join() {
            return exchange.participant(local);
        }

        @Override
        public void abort(Throwable cause) {
            exchange.abort(cause);
        }

        @Override
        public void checkCurrent() {
        }

        @Override
        public void finished(long step) {
        }

        @Override
        public void close() {
        }
    }
}
