package io.ordo.actors;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test hook: makes the trainer throw once when it reaches a given step, to exercise restart from
 * the last checkpoint. Shared across restarts so the fault fires only once per run.
 */
public final class FaultInjector {
    private final long atStep;
    private final AtomicBoolean fired = new AtomicBoolean();

    public FaultInjector(long atStep) {
        this.atStep = atStep;
    }

    public static FaultInjector none() {
        return new FaultInjector(-1);
    }

    /** Throws an {@link InjectedFault} the first time {@code step} equals the configured step. */
    public void check(long step) {
        if (step == atStep && fired.compareAndSet(false, true)) {
            throw new InjectedFault("injected trainer failure at step " + step);
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
