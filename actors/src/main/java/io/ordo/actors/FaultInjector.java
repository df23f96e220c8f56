package io.ordo.actors;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test hook: makes a trainer worker throw once when it reaches a given step, to exercise restart
 * from the last checkpoint. Shared across restarts so the fault fires only once per run. It fires in
 * the worker of a given rank, or in whichever worker gets there first.
 */
public final class FaultInjector {
    /** Fire in the first worker that reaches the step. */
    public static final int ANY_RANK = -1;

    private final long atStep;
    private final int atRank;
    private final AtomicBoolean fired = new AtomicBoolean();

    public FaultInjector(long atStep) {
        this(atStep, ANY_RANK);
    }

    public FaultInjector(long atStep, int atRank) {
        this.atStep = atStep;
        this.atRank = atRank;
    }

    public static FaultInjector none() {
        return new FaultInjector(-1);
    }

    /** Throws an {@link InjectedFault} the first time worker {@code rank} (if targeted) reaches the configured step. */
    public void check(int rank, long step) {
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
