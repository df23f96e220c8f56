package io.ordo.protocol.serial;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Message classes and their explicit Kryo ids, the same on every node. Ids are the wire identity of
 * a class (its string manifest): they must be unique and at least {@link #MIN_ID} (lower ids belong
 * to Kryo's built-in and collection registrations).
 *
 * <pre>
 * ordo.kryo.registrations {
 *   "io.ordo.protocol.cluster.RegisterRank" = 100
 * }
 * </pre>
 */
public final class KryoRegistry {
    /** Lowest id a message class may take. */
    public static final int MIN_ID = 100;
    /** Config path of the class-to-id table. */
    public static final String REGISTRATIONS_KEY = "ordo.kryo.registrations";

    private final Map<Integer, Class<?>> byId;
    private final Map<Class<?>, Integer> byClass;

    private KryoRegistry(Map<Integer, Class<?>> byId) {
        this.byId = Collections.unmodifiableMap(new TreeMap<>(byId));
        Map<Class<?>, Integer> inverse = new HashMap<>();
        byId.forEach((id, type) -> inverse.put(type, id));
        this.byClass = Collections.unmodifiableMap(inverse);
    }

    /**
     * @param ids class to id
     * @return the registry
     * @throws IllegalArgumentException on a duplicate id, an id below {@link #MIN_ID}, or a class
     *                                  registered twice
     */
    public static KryoRegistry of(Map<Class<?>, Integer> ids) {
        Map<Integer, Class<?>> byId = new HashMap<>();
        ids.forEach((type, id) -> {
            if (id < MIN_ID) {
                throw new IllegalArgumentException("Kryo id " + id + " of " + type.getName() + " is below " + MIN_ID);
            }
            Class<?> previous = byId.putIfAbsent(id, type);
            if (previous != null) {
                throw new IllegalArgumentException("Kryo id " + id + " is taken by both " + previous.getName()
                        + " and " + type.getName());
            }
        });
        return new KryoRegistry(byId);
    }

    /** Reads {@value #REGISTRATIONS_KEY}: fully qualified class name = id. */
    public static KryoRegistry fromConfig(Config config) {
        Map<Class<?>, Integer> ids = new HashMap<>();
        for (Map.Entry<String, ConfigValue> e : config.getConfig(REGISTRATIONS_KEY).root().entrySet()) {
            String name = e.getKey();
            Object id = e.getValue().unwrapped();
            if (!(id instanceof Number number)) {
                throw new IllegalArgumentException(REGISTRATIONS_KEY + ".\"" + name + "\" must be an integer id, got " + id);
            }
            try {
                ids.put(Class.forName(name, false, KryoRegistry.class.getClassLoader()), number.intValue());
            } catch (ClassNotFoundException ex) {
                throw new IllegalArgumentException(REGISTRATIONS_KEY + " names " + name + ", which is not on the classpath", ex);
            }
        }
        return of(ids);
    }

    /** @return the id of {@code type}, or -1 if it is not registered */
    public int idOf(Class<?> type) {
        Integer id = byClass.get(type);
        return id == null ? -1 : id;
    }

    /** @return the class of {@code id}, or null */
    public Class<?> classOf(int id) {
        return byId.get(id);
    }

    /** @return id to class, ascending */
    public Map<Integer, Class<?>> entries() {
        return byId;
    }
}
