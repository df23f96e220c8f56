package io.ordo.actors.distributed;

import io.aeron.Aeron;
import io.ordo.actors.ExchangeSource;
import io.ordo.actors.Seat;
import io.ordo.model.train.GradientExchange;
import io.ordo.protocol.cluster.RankMessage;
import io.ordo.protocol.cluster.RingFormed;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.transport.allreduce.RingChannels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A launched node's seats: each start of its trainer workers takes the coordinator's newest ring,
 * once every local worker's {@link RankAgent} has received its assignment of that ring and it is
 * newer than the last one used. A seat joins the Aeron ring (UDP, the coordinator's endpoints,
 * streams and ring identity, so chunks of other senders are dropped and counted), reports a
 * broken ring and the finish through its agent to the coordinator, and is superseded when a newer
 * assignment arrives while it trains.
 */
public final class RingExchangeSource implements ExchangeSource {
    private final Aeron aeron;
    private final AeronConfig config;
    private final LongAdder rejected;
    private final RingFormed[] latest;
    private final List<ActorRef<RankMessage>> agents = new ArrayList<>();
    private long usedEpoch;
    private CompletableFuture<List<Seat>> pending;

    /**
     * @param aeron    the node's Aeron client
     * @param config   timeouts, mtu and term length of the ring
     * @param workers  trainer workers on this node (one ring rank each)
     * @param rejected counts the chunks this node's rings drop for another ring's identity
     */
    public RingExchangeSource(Aeron aeron, AeronConfig config, int workers, LongAdder rejected) {
        this.aeron = aeron;
        this.config = config;
        this.rejected = rejected;
        this.latest = new RingFormed[workers];
    }

    /** Local worker {@code local}'s agent, registered in order before any start. */
    public synchronized void register(int local, ActorRef<RankMessage> agent) {
        if (local != agents.size()) {
            throw new IllegalArgumentException("agents register in order: expected " + agents.size() + ", got " + local);
        }
        agents.add(agent);
        complete();
    }

    /** A ring assignment for local worker {@code local} (from its agent, any thread). */
    public synchronized void assign(int local, RingFormed ring) {
        if (latest[local] == null || ring.epoch() > latest[local].epoch()) {
            latest[local] = ring;
        }
        complete();
    }

    @Override
    public synchronized CompletionStage<List<Seat>> next() {
        pending = new CompletableFuture<>();
        CompletableFuture<List<Seat>> mine = pending;
        complete();
        return mine;
    }

    private synchronized long newestEpoch(int local) {
        return latest[local].epoch();
    }

    /** Completes the pending start once every local worker holds the same ring, newer than the last used. */
    private void complete() {
        if (pending == null || agents.size() < latest.length) {
            return;
        }
        long epoch = latest[0] == null ? 0 : latest[0].epoch();
        for (RingFormed r : latest) {
            if (r == null || r.epoch() != epoch) {
                return;
            }
        }
        if (epoch <= usedEpoch) {
            return;
        }
        usedEpoch = epoch;
        List<Seat> seats = new ArrayList<>();
        for (int p = 0; p < latest.length; p++) {
            seats.add(new RingSeat(latest[p], p, agents.get(p)));
        }
        CompletableFuture<List<Seat>> ready = pending;
        pending = null;
        ready.complete(seats);
    }

    /** One worker's seat in one ring. Used by its worker's thread, and aborted by its group. */
    private final class RingSeat implements Seat {
        private final RingFormed ring;
        private final int local;
        private final ActorRef<RankMessage> agent;
        /** Joined and closed on the worker's thread. */
        private AeronGradientExchange exchange;
        private boolean done;

        RingSeat(RingFormed ring, int local, ActorRef<RankMessage> agent) {
            this.ring = ring;
            this.local = local;
            this.agent = agent;
        }

        @Override
        public long epoch() {
            return ring.epoch();
        }

        @Override
        public int local() {
            return local;
        }

        @Override
        public GradientExchange join() {
            exchange = AeronGradientExchange.join(aeron, ring.rank(),
                    RingChannels.udp(ring.endpoints(), ring.baseStreamId()).withIdentity(ring.identity()), config,
                    rejected);
            return exchange;
        }

        /** Reports the ring broken to the coordinator, once, unless this worker finished. */
        @Override
        public synchronized void abort(Throwable cause) {
            if (!done) {
                done = true;
                agent.tell(new RankAgent.Broken(ring.epoch(), ring.rank(), String.valueOf(cause.getMessage())));
            }
        }

        @Override
        public void checkCurrent() {
            long newest = newestEpoch(local);
            if (newest > ring.epoch()) {
                throw new RingSuperseded(ring.epoch(), newest);
            }
        }

        @Override
        public synchronized void finished(long step) {
            done = true;
            agent.tell(new RankAgent.Finished(ring.epoch(), ring.rank(), step));
        }

        @Override
        public void close() {
            if (exchange != null) {
                exchange.close();
                exchange = null;
            }
        }
    }
}
