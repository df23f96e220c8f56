package io.ordo.protocol.serial;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Kryo's class resolver, except that every implementation of the typed {@link ActorRef} interface
 * (local, remote, adapter classes are Pekko internals) maps to one registration, so messages may
 * hold actor references while registration stays required.
 */
final class ActorRefClassResolver extends DefaultClassResolver {
    private Registration actorRefs;

    /** Registers {@code registration} (of {@code ActorRef.class}) for every ActorRef implementation. */
    void actorRefs(Registration registration) {
        this.actorRefs = registration;
        register(registration);
    }

    @Override
    public Registration getRegistration(Class type) {
        Registration r = super.getRegistration(type);
        if (r == null && actorRefs != null && ActorRef.class.isAssignableFrom(type)) {
            return actorRefs;
        }
        return r;
    }
}
