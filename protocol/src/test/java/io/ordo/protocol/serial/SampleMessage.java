package io.ordo.protocol.serial;

import java.util.List;

/** A test message exercising arrays, immutable lists, a nested record and an enum. */
record SampleMessage(String name, long[] values, List<String> tags, Inner inner, Kind kind) implements KryoMessage {
    /** Nested record. */
    record Inner(int x, double y) {
    }

    /** Nested enum. */
    enum Kind { A, B }
}
