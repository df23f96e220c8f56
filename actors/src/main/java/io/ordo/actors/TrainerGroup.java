package io.ordo.actors;

import io.ordo.actors.metrics.ActorMetrics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A node's trainer workers, started and restarted together. Each start (incarnation) waits for its
 * seats from the {@link ExchangeSource} (a fresh in-JVM exchange at once, or the coordinator's next
 * Aeron ring), then spawns one {@link TrainerActor} per seat, each on its own thread
 * ({@value #DISPATCHER} is a pinned dispatcher: a worker blocks in the exchange until all ranks have
 * their gradients), and watches them. With several local workers it limits BLAS and ND4J to one
 * thread per call, so W workers use W cores.
 *
 * <p>When a worker fails the group fails with it, and its supervisor restarts it with back-off.
 * Before the old workers stop, every seat is aborted: in one JVM that releases a worker blocked in
 * the exchange at once; on a launched node it reports the ring broken, so the coordinator re-forms
 * it. The next start resumes every worker from rank 0's newest checkpoint.
 */
public final class TrainerGroup {
    /** Dispatcher of the workers (reference.conf): one thread per worker. */
    public static final String DISPATCHER = "ordo.trainer-dispatcher";

    /** Messages. */
    public sealed interface Command {
    }

    /** The seats of this start are known. */
    private record Seated(List<Seat> seats) implements Command {
    }

    /** No seats: the source failed. */
    private record NoSeats(Throwable cause) implements Command {
    }

    private TrainerGroup() {
    }

    /** A group whose starts are numbered by {@code incarnations} (shared across restarts). */
    public static Behavior<Command> create(TrainerServices run, AtomicInteger incarnations) {
        return Behaviors.setup(ctx -> {
            int number = incarnations.getAndIncrement();
            ctx.pipeToSelf(run.plan().seats().next(), (seats, failure) -> failure == null ? new Seated(seats) : new NoSeats(failure));
            return Behaviors.receive(Command.class)
                    .onMessage(Seated.class, m -> start(ctx, run, number, m.seats()))
                    .onMessage(NoSeats.class, m -> {
                        throw new IllegalStateException("no seats for the trainer workers: " + m.cause(), m.cause());
                    })
                    .build();
        });
    }

    private static Behavior<Command> start(ActorContext<Command> ctx,
                                           TrainerServices run, int number, List<Seat> seats) {
        if (seats.size() > 1) {
            oneThreadPerCall();
        }
        DispatcherSelector thread = DispatcherSelector.fromConfig(DISPATCHER);
        Set<ActorRef<?>> workers = new HashSet<>();
        for (Seat seat : seats) {
            ActorRef<TrainerActor.Command> worker = ctx.spawn(ActorMetrics.instrument("trainer",
                    TrainerActor.create(run, number, seat)), "trainer-" + seat.local(), thread);
            ctx.watch(worker);
            workers.add(worker);
        }
        return Behaviors.receive(Command.class)
                .onSignal(Terminated.class, t -> stopped(workers, t))
                .onSignal(PreRestart.class, s -> abort(seats, "trainer workers restarting"))
                .onSignal(PostStop.class, s -> abort(seats, "trainer workers stopped"))
                .build();
    }

    /**
     * A worker of this start stopped: fail the group, so its supervisor restarts all workers. Workers
     * of an earlier start can still report here (when a failed worker was already gone as that start
     * was torn down, its signal is replayed to the next start): those are ignored.
     */
    private static Behavior<Command> stopped(Set<ActorRef<?>> workers, Terminated t) {
        if (!workers.contains(t.getRef())) {
            return Behaviors.same();
        }
        if (t instanceof ChildFailed f) {
            throw new IllegalStateException("trainer " + t.getRef().path().name() + " failed: " + f.getCause(), f.getCause());
        }
        throw new IllegalStateException("trainer " + t.getRef().path().name() + " stopped mid-run");
    }

    /**
     * Several workers already use several threads: BLAS calls and ND4J ops must not fan out on top
     * of that (the launcher sets OMP_NUM_THREADS=1 too; this covers a plain {@code java -jar}).
     */
    private static void oneThreadPerCall() {
        Nd4j.factory().blas().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    private static Behavior<Command> abort(List<Seat> seats, String why) {
        IllegalStateException cause = new IllegalStateException(why);
        seats.forEach(s -> s.abort(cause));
        return Behaviors.same();
    }
}
