package io.ordo.actors.distributed;

/** A newer ring assignment arrived while a rank trained in an older one: leave it and join the new one. */
final class RingSuperseded extends RuntimeException {
    RingSuperseded(long epoch, long newer) {
        super("ring epoch " + epoch + " superseded by epoch " + newer, null, false, false);
    }
}
