package io.ordo.protocol.serial;

/** Bound to the Kryo serializer by its marker, but missing from the registrations. */
record UnregisteredMessage(int x) implements KryoMessage {
}
