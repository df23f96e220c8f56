package io.ordo.protocol.serial;

import java.util.List;

/** RingFormed's components without its validation, to forge an invalid assignment on the wire. */
record UncheckedRingFormed(long epoch, int rank, int world, List<String> endpoints, int baseStreamId, long nonce)
        implements KryoMessage {
}
