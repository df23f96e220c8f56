package io.ordo.protocol.serial;

import java.util.Map;

/** Registered itself, but holds a class (HashMap) that is not. */
record NestedUnregisteredMessage(Map<String, Integer> counts) implements KryoMessage {
}
