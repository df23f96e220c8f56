package io.ordo.protocol.serial;

/**
 * Marker of messages that cross the network between actor systems: {@code reference.conf} binds it
 * to {@link KryoSerializer}. Every concrete class must also be registered with an explicit id under
 * {@code ordo.kryo.registrations}, or serializing it fails.
 */
public interface KryoMessage {
}
