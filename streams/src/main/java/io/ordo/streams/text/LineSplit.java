package io.ordo.streams.text;

import io.ordo.streams.gen.SeededRandom;
import io.ordo.streams.gen.Split;

/**
 * A disjoint train / held-out partition of text lines by a hash of each line's text: a line is
 * {@link Split#TEST} iff the hash falls under {@code heldOut}. Stateless, so it splits a stream
 * (file, directory, socket) without reading it first, and a resumed stream sees the same split;
 * identical lines always land on the same side, so repeated lines cannot leak into the held-out set.
 *
 * @param heldOut share of lines held out, in (0, 1)
 */
public record LineSplit(double heldOut) {

    public LineSplit {
        if (!(heldOut > 0 && heldOut < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1): " + heldOut);
        }
    }

    /** The side {@code line} belongs to. */
    public Split of(String line) {
        long h = SeededRandom.mix(line.hashCode() * 0x9E3779B97F4A7C15L + line.length());
        double u = (h >>> 11) * 0x1.0p-53;
        return u < heldOut ? Split.TEST : Split.TRAIN;
    }
}
