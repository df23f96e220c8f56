package io.ordo.deploy;

/**
 * When to tell a console that training waits for data: at the start of an idle stretch, then every
 * {@link #EVERY_SECONDS}, so an idle live source is visible without flooding the log.
 */
public final class IdleNotice {
    /** Seconds between notices within one idle stretch. */
    public static final double EVERY_SECONDS = 10;

    private double lastNotice = -1;

    /**
     * Whether to print a notice now, {@code idleSeconds} into the stretch (a new stretch starts at a
     * smaller value); not in the first second, which start-up and short gaps fill.
     */
    public boolean due(double idleSeconds) {
        if (idleSeconds < 1) {
            return false;
        }
        if (lastNotice < 0 || idleSeconds < lastNotice || idleSeconds - lastNotice >= EVERY_SECONDS) {
            lastNotice = idleSeconds;
            return true;
        }
        return false;
    }

    /** The line to print. */
    public static String line(double idleSeconds) {
        return String.format("waiting for data: no record for %.0f s (training resumes when records arrive)",
                idleSeconds);
    }
}
