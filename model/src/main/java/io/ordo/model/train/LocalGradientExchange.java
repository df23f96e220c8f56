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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link GradientExchange} of N data-parallel replicas in one JVM, each calling from its own
 * thread through its {@link #participant(int) participant} handle. Every call ({@code sumCounts},
 * {@code sum}, a broadcast) is one collective of all N replicas:
 *
 * <ol>
 *   <li>publish: rank r puts the call's kind, step and size and its data (counts, gradient buffer and
 *       losses, arrays) in slot r, then waits at barrier A for all N (sync point: after it every slot
 *       is complete and visible);</li>
 *   <li>reduce: every rank checks that all N made the same call, then
 *     <ul>
 *       <li>{@code sumCounts}, {@code sumLongs}: sum the N long arrays (exact: integers);</li>
 *       <li>{@code sum}: with S gradient elements cut into N contiguous slices
 *           [r*S/N, (r+1)*S/N), rank r sums slice r of all N buffers in rank order 0, 1, ..., N-1
 *           (in double) and writes the sum, rounded once to float, into slice r of every buffer; it
 *           also sums the N losses in rank order;</li>
 *       <li>{@code broadcastFromRankZero}: ranks other than 0 copy rank 0's arrays;</li>
 *     </ul></li>
 *   <li>barrier B (sync point: after it no replica's slot is read by the exchange, so each replica
 *       may run its optimizer or reuse its arrays).</li>
 * </ol>
 *
 * <p>Every gradient element is reduced by one thread in one fixed order and the result copied to all
 * buffers, so every replica holds the same bits. The N threads reduce disjoint slices in parallel.
 * In the steady state the float path allocates no buffers: the chunk arrays are per participant;
 * only the returned {@link Losses} and counts and, when a thread has to block, the {@link Phaser}'s
 * wait node are allocated.
 *
 * <p>Not overlapped with backward: {@link GradientExchange#overlapped} keeps its default
 * ({@link io.ordo.model.param.GradientReadiness#NONE}) and {@code sum} does all the work after
 * backward. (The replicas share the cores that run backward, and the reduction of a slice reads
 * every replica's buffer, so starting it early would mostly move work, not hide it.)
 *
 * <p>Failure is never a hang: a wait longer than the timeout throws a
 * {@link GradientExchangeTimeoutException} naming the ranks that did not arrive; that, any failure
 * inside the exchange (replicas making different calls included), or {@link #abort} terminates the
 * barrier, so every replica waiting in it or calling it later fails at once with a
 * {@link GradientExchangeAbortedException}. An aborted exchange stays aborted: make a new one (and
 * restart the replicas) to go on.
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
    private final Call[] calls;
    private final long[] steps;
    private final int[] sizes;
    private final Buf[] grads;
    private final double[][] losses; // (replicas, LOSS_TERMS): ntp, top, mtp, total
    private final long[][] longs;
    private final INDArray[][] arrays;
    /** Barriers each rank has arrived at so far: who is missing when a wait times out. */
    private final AtomicLongArray arrivals;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** The collective a replica is in; all replicas must be in the same one. */
    private enum Call { SUM_COUNTS, SUM, BROADCAST, SUM_LONGS }

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
        this.calls = new Call[replicas];
        this.steps = new long[replicas];
        this.sizes = new int[replicas];
        this.grads = new Buf[replicas];
        this.losses = new double[replicas][LOSS_TERMS];
        this.longs = new long[replicas][];
        this.arrays = new INDArray[replicas][];
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
        private final double[] lossSums = new double[LOSS_TERMS];
        /** What a {@code long[]} collective returns. */
        private long[] longResult;
        /** Broadcasts so far: their tags -1, -2, ... stand in for the step (steps are >= 0). */
        private long broadcasts;

        Participant(int rank) {
            this.rank = rank;
        }

        @Override
        public long[] sumCounts(long step, long[] local) {
            if (replicas == 1) {
                return local;
            }
            longs[rank] = local;
            collective(Call.SUM_COUNTS, step, local.length);
            return longResult;
        }

        @Override
        public Losses sum(long step, ParameterStore store, Losses partial) {
            if (replicas == 1) {
                return partial;
            }
            grads[rank] = store.gradBuf();
            double[] slot = losses[rank];
            slot[0] = partial.ntp();
            slot[1] = partial.top();
            slot[2] = partial.mtp();
            slot[3] = partial.total();
            collective(Call.SUM, step, store.size());
            return new Losses(lossSums[0], lossSums[1], lossSums[2], lossSums[3]);
        }

        @Override
        public void broadcastFromRankZero(INDArray... values) {
            if (replicas == 1) {
                return;
            }
            arrays[rank] = values;
            collective(Call.BROADCAST, -1 - broadcasts++, values.length);
        }

        @Override
        public long[] sumLongs(long... values) {
            if (replicas == 1) {
                return values;
            }
            longs[rank] = values;
            collective(Call.SUM_LONGS, -1 - broadcasts++, values.length);
            return longResult;
        }

        @Override
        public int rank() {
            return rank;
        }

        @Override
        public int replicas() {
            return replicas;
        }

        /** Publish, barrier A, check and reduce, barrier B; the call's data is already in slot {@code rank}. */
        private void collective(Call call, long step, int size) {
            Throwable failed = failure.get();
            if (failed != null) {
                throw new GradientExchangeAbortedException(rank, step, failed);
            }
            try {
                calls[rank] = call;
                steps[rank] = step;
                sizes[rank] = size;
                await(step);
                check(step);
                switch (call) {
                    case SUM_COUNTS -> longResult = sumOfLongs();
                    case SUM -> {
                        reduce(size);
                        sumOfLosses();
                    }
                    case BROADCAST -> copyArraysOfRankZero();
                    case SUM_LONGS -> longResult = sumOfLongs();
                }
                await(step);
            } catch (GradientExchangeAbortedException | GradientExchangeTimeoutException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                abort(e);
                throw e;
            }
        }

        /** Every replica checks the same slots, so all of them fail together or none. */
        private void check(long step) {
            for (int r = 1; r < replicas; r++) {
                if (calls[r] != calls[0] || steps[r] != steps[0] || sizes[r] != sizes[0] || !sameShape(r)) {
                    throw new IllegalStateException("replicas disagree at step " + step + ": rank 0 has "
                            + describe(0) + "; rank " + r + " has " + describe(r));
                }
            }
        }

        /** Whether rank r's data has rank 0's types and lengths (calls and sizes already agree). */
        private boolean sameShape(int r) {
            if (calls[0] == Call.SUM) {
                return grads[r].getClass() == grads[0].getClass();
            }
            if (calls[0] == Call.BROADCAST) {
                for (int i = 0; i < sizes[0]; i++) {
                    INDArray mine = arrays[r][i];
                    INDArray zeros = arrays[0][i];
                    if (mine.length() != zeros.length() || mine.dataType() != zeros.dataType()) {
                        return false;
                    }
                }
            }
            return true;
        }

        private String describe(int r) {
            String what = switch (calls[r]) {
                case SUM -> sizes[r] + " " + grads[r].getClass().getSimpleName() + " gradients";
                case BROADCAST -> sizes[r] + " arrays";
                case SUM_COUNTS, SUM_LONGS -> sizes[r] + " values";
            };
            return calls[r] + " of " + what + " at step " + steps[r];
        }

        private long[] sumOfLongs() {
            long[] out = new long[sizes[0]];
            for (int r = 0; r < replicas; r++) {
                for (int k = 0; k < out.length; k++) {
                    out[k] += longs[r][k];
                }
            }
            return out;
        }

        private void copyArraysOfRankZero() {
            if (rank != 0) {
                for (int i = 0; i < arrays[rank].length; i++) {
                    arrays[rank][i].assign(arrays[0][i]);
                }
            }
        }

        /** Sum of slice {@code rank} over all replicas, in rank order, written to every buffer. */
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
                    chunk[k] = (float) sum[k];
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
                for (int r = 0; r < replicas; r++) {
                    grads[r].set(i, sum);
                }
            }
        }

        private void sumOfLosses() {
            for (int k = 0; k < LOSS_TERMS; k++) {
                double sum = 0;
                for (int r = 0; r < replicas; r++) {
                    sum += losses[r][k];
                }
                lossSums[k] = sum;
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
