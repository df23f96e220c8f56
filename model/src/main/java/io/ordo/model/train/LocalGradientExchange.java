package io.ordo.model.train;

import io.ordo.model.Losses;
import io.ordo.model.param.ParameterStore;
import io.ordo.model.tensor.Buf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gradient averaging for N data-parallel replicas in one JVM, each calling from its own thread
 * through its {@link #participant(int) participant} handle. One {@code average} call per replica and
 * step, with S gradient elements cut into N contiguous slices [r*S/N, (r+1)*S/N):
 *
 * <ol>
 *   <li>publish: rank r puts its gradient buffer, step and losses in slot r, then waits at barrier A
 *       for all N (sync point: after it every buffer is complete and visible);</li>
 *   <li>reduce: rank r sums slice r of all N buffers in rank order 0, 1, ..., N-1 (in double),
 *       divides by N and writes the mean, rounded once to float, into slice r of every buffer; it also takes the mean of the N losses in
 *       rank order;</li>
 *   <li>barrier B (sync point: after it no replica's buffer is touched by the exchange, so each
 *       replica may run its optimizer).</li>
 * </ol>
 *
 * <p>Every element is reduced by one thread in one fixed order and the result copied to all
 * buffers, so every replica holds the same bits. The N threads reduce disjoint slices in parallel.
 * In the steady state the float path allocates no buffers: the chunk arrays are per participant;
 * only the returned {@link Losses} and, when a thread has to block, the {@link Phaser}'s wait node
 * are allocated.
 *
 * <p>Failure is never a hang: a wait longer than the timeout throws a
 * {@link GradientExchangeTimeoutException} naming the ranks that did not arrive; that, any failure
 * inside the exchange, or {@link #abort} terminates the barrier, so every replica waiting in it or
 * calling it later fails at once with a {@link GradientExchangeAbortedException}. An aborted
 * exchange stays aborted: make a new one (and restart the replicas) to go on.
 */
public final class LocalGradientExchange {
    /** Elements per reduction chunk: heap arrays, so the summing loops vectorise (32 + 64 KiB). */
    static final int CHUNK = 8192;
    private static final int LOSS_TERMS = 4;

    private final int replicas;
    private final Duration timeout;
    private final Phaser barrier;
    private final Participant[] participants;
    /** Slot per rank, written before barrier A and read after it (the phaser orders the accesses). */
    private final Buf[] grads;
    private final int[] sizes;
    private final long[] steps;
    private final double[][] losses; // (replicas, LOSS_TERMS): ntp, top, mtp, total
    private final boolean[] hasLosses;
    /** Barriers each rank has arrived at so far: who is missing when a wait times out. */
    private final AtomicLongArray arrivals;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private LocalGradientExchange(int replicas, Duration timeout) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1, got " + replicas);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.replicas = replicas;
        this.timeout = timeout;
        this.barrier = new Phaser(replicas);
        this.grads = new Buf[replicas];
        this.sizes = new int[replicas];
        this.steps = new long[replicas];
        this.losses = new double[replicas][LOSS_TERMS];
        this.hasLosses = new boolean[replicas];
        this.arrivals = new AtomicLongArray(replicas);
        this.participants = new Participant[replicas];
        for (int r = 0; r < replicas; r++) {
            participants[r] = new Participant(r);
        }
    }

    /** An exchange for {@code replicas} replicas whose barrier waits give up after {@code timeout}. */
    public static LocalGradientExchange create(int replicas, Duration timeout) {
        return new LocalGradientExchange(replicas, timeout);
    }

    /** The handle of replica {@code rank}; exactly one thread at a time may call it. */
    public GradientExchange participant(int rank) {
        if (rank < 0 || rank >= replicas) {
            throw new IllegalArgumentException("rank " + rank + " outside 0.." + (replicas - 1));
        }
        return participants[rank];
    }

    public int replicas() {
        return replicas;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Breaks the exchange for good: every replica waiting in it and every later call fails with a
     * {@link GradientExchangeAbortedException} whose cause is the first abort's {@code cause}.
     * Call it when a replica fails outside the exchange, so the others do not wait for the timeout.
     */
    public void abort(Throwable cause) {
        failure.compareAndSet(null, cause);
        barrier.forceTermination();
    }

    /** Whether the exchange has been aborted. */
    public boolean aborted() {
        return failure.get() != null;
    }

    /** One replica's side of the exchange, with its private chunk buffers. */
    private final class Participant implements GradientExchange {
        private final int rank;
        private final float[] chunk = new float[CHUNK];
        private final double[] sum = new double[CHUNK];
        private final double[] meanLosses = new double[LOSS_TERMS];

        Participant(int rank) {
            this.rank = rank;
        }

        @Override
        public void average(long step, ParameterStore store) {
            exchange(step, store, null);
        }

        @Override
        public Losses average(long step, ParameterStore store, Losses local) {
            exchange(step, store, local);
            return local == null || replicas == 1 ? local
                    : new Losses(meanLosses[0], meanLosses[1], meanLosses[2], meanLosses[3]);
        }

        @Override
        public int replicas() {
            return replicas;
        }

        private void exchange(long step, ParameterStore store, Losses local) {
            if (replicas == 1) {
                return;
            }
            Throwable failed = failure.get();
            if (failed != null) {
                throw new GradientExchangeAbortedException(rank, step, failed);
            }
            try {
                publish(step, store, local);
                await(step);
                check(step);
                reduce(store.size());
                if (local != null) {
                    meanOfLosses();
                }
                await(step);
            } catch (GradientExchangeAbortedException | GradientExchangeTimeoutException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                abort(e);
                throw e;
            }
        }

        private void publish(long step, ParameterStore store, Losses local) {
            grads[rank] = store.gradBuf();
            sizes[rank] = store.size();
            steps[rank] = step;
            hasLosses[rank] = local != null;
            if (local != null) {
                double[] slot = losses[rank];
                slot[0] = local.ntp();
                slot[1] = local.top();
                slot[2] = local.mtp();
                slot[3] = local.total();
            }
        }

        /** Every replica checks the same slots, so all of them fail together or none. */
        private void check(long step) {
            for (int r = 0; r < replicas; r++) {
                if (steps[r] != steps[0] || sizes[r] != sizes[0] || grads[r].getClass() != grads[0].getClass()
                        || hasLosses[r] != hasLosses[0]) {
                    throw new IllegalStateException("replicas disagree at step " + step + ": rank 0 has step " + steps[0]
                            + ", " + sizes[0] + " " + grads[0].getClass().getSimpleName() + " gradients; rank " + r
                            + " has step " + steps[r] + ", " + sizes[r] + " " + grads[r].getClass().getSimpleName());
                }
            }
        }

        /** Mean of slice {@code rank} over all replicas, summed in rank order, written to every buffer. */
        private void reduce(int size) {
            int from = (int) ((long) size * rank / replicas);
            int to = (int) ((long) size * (rank + 1) / replicas);
            if (grads[0] instanceof Buf.F32) {
                reduceFloat(from, to);
            } else {
                reduceGeneric(from, to);
            }
        }

        private void reduceFloat(int from, int to) {
            for (int off = from; off < to; off += CHUNK) {
                int len = Math.min(CHUNK, to - off);
                ((Buf.F32) grads[0]).load(off, chunk, len);
                for (int k = 0; k < len; k++) {
                    sum[k] = chunk[k];
                }
                for (int r = 1; r < replicas; r++) {
                    ((Buf.F32) grads[r]).load(off, chunk, len);
                    for (int k = 0; k < len; k++) {
                        sum[k] += chunk[k];
                    }
                }
                for (int k = 0; k < len; k++) {
                    chunk[k] = (float) (sum[k] / replicas);
                }
                for (int r = 0; r < replicas; r++) {
                    ((Buf.F32) grads[r]).store(chunk, off, len);
                }
            }
        }

        /** Double buffers (gradient checks): the same order, element by element. */
        private void reduceGeneric(int from, int to) {
            for (int i = from; i < to; i++) {
                double sum = grads[0].get(i);
                for (int r = 1; r < replicas; r++) {
                    sum += grads[r].get(i);
                }
                double mean = sum / replicas;
                for (int r = 0; r < replicas; r++) {
                    grads[r].set(i, mean);
                }
            }
        }

        private void meanOfLosses() {
            for (int k = 0; k < LOSS_TERMS; k++) {
                double sum = 0;
                for (int r = 0; r < replicas; r++) {
                    sum += losses[r][k];
                }
                meanLosses[k] = sum / replicas;
            }
        }

        /** Arrives at the barrier and waits for the other replicas, at most the timeout. */
        private void await(long step) {
            long mine = arrivals.incrementAndGet(rank);
            int phase = barrier.arrive();
            try {
                if (phase < 0 || barrier.awaitAdvanceInterruptibly(phase, timeout.toNanos(), TimeUnit.NANOSECONDS) < 0) {
                    throw new GradientExchangeAbortedException(rank, step, failure.get());
                }
            } catch (TimeoutException e) {
                List<Integer> missing = new ArrayList<>();
                for (int r = 0; r < replicas; r++) {
                    if (arrivals.get(r) < mine) {
                        missing.add(r);
                    }
                }
                GradientExchangeTimeoutException timedOut = new GradientExchangeTimeoutException(rank, step, timeout, missing);
                abort(timedOut);
                throw timedOut;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort(new IllegalStateException("rank " + rank + " was interrupted in the gradient exchange at step " + step, e));
                throw new GradientExchangeAbortedException(rank, step, failure.get());
            }
        }
    }
}
