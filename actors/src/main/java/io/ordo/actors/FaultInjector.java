package io.ordo.actors;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Test hook: makes a trainer worker throw once when it reaches a given step, to exercise restart
 * from the last checkpoint. Shared across restarts so the fault fires only once per run. It fires in
 * the worker of a given rank, or in whichever worker gets there first. Or ({@link #beforeCheckpoints})
 * it runs a test's action in rank 0's worker at every step, before that step's checkpoint, e.g. to
 * fill the checkpoint disk at a chosen step.
 */
public final class FaultInjector {
    /** Fire in the first worker that reaches the step. */
    public static final int ANY_RANK = -1;

    private final long atStep;
    private final int atRank;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final LongConsumer beforeCheckpoint;

    public FaultInjector(long atStep) {
        this(atStep, ANY_RANK);
    }

    public FaultInjector(long atStep, int atRank) {
        this(atStep, atRank, step -> { });
    }

    private FaultInjector(long atStep, int atRank, LongConsumer beforeCheckpoint) {
        this.atStep = atStep;
        this.atRank = atRank;
        this.beforeCheckpoint = beforeCheckpoint;
    }

    public static FaultInjector none() {
        return new FaultInjector(-1);
    }

    /**
     * Runs {@code action} with each step in rank 0's worker, on its thread, after the step's update
     * and before its checkpoint (if the step has one); no failure is injected.
     */
    public static FaultInjector beforeCheckpoints(LongConsumer action) {
        return new FaultInjector(-1, ANY_RANK, action);
    }

    /**
     * Runs the {@link #beforeCheckpoints} action in rank 0, then throws an {@link InjectedFault} the
     * first time worker {@code rank} (if targeted) reaches the configured step.
     */
    public void check(int rank, long step) {
        if (rank == 0) {
            beforeCheckpoint.accept(step);
        }
        if (step == atStep && (atRank == ANY_RANK || atRank == rank) && fired.compareAndSet(false, true)) {
            throw new InjectedFault("injected failure of trainer worker " + rank + " at step " + step);
        }
    }

    /** The exception the injector throws. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }
}
