package io.ordo.protocol.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.Pool;
import com.typesafe.config.Config;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer for cluster messages, backed by Kryo 5 with registration required: the manifest
 * is the class's explicit id from {@link KryoRegistry} ({@code ordo.kryo.registrations}), so the
 * wire carries no class names and an unregistered class fails loudly on the sender. Records go
 * through Kryo's record serializer (canonical constructor, so their validation runs on receipt),
 * JDK immutable collections and typed {@link ActorRef}s are supported.
 *
 * <p>Kryo instances are not thread-safe; they are pooled ({@link Pool}, bounded by
 * {@value #POOL_SIZE_KEY}), as are output buffers.
 *
 * <p>Bound in {@code reference.conf} to {@link KryoMessage}.
 */
public final class KryoSerializer extends SerializerWithStringManifest {
    /** Pekko serializer id (0-40 are Pekko's own). */
    public static final int IDENTIFIER = 7_401_337;
    public static final String POOL_SIZE_KEY = "ordo.kryo.pool-size";
    public static final String BUFFER_BYTES_KEY = "ordo.kryo.buffer-bytes";
    public static final String MAX_BUFFER_BYTES_KEY = "ordo.kryo.max-buffer-bytes";
    /** Kryo id of every typed ActorRef implementation (below {@link KryoRegistry#MIN_ID}). */
    static final int ACTOR_REF_ID = 99;

    private final KryoRegistry registry;
    private final Supplier<ActorRefResolver> resolver;
    private final Pool<Kryo> kryos;
    private final Pool<Output> outputs;

    /** The constructor Pekko calls. */
    public KryoSerializer(ExtendedActorSystem system) {
        this(system.settings().config(), memoized(() -> ActorRefResolver.get(Adapter.toTyped(system))));
    }

    /**
     * @param config   holds {@code ordo.kryo.*}
     * @param resolver resolves actor references (only called when a message holds one)
     */
    public KryoSerializer(Config config, Supplier<ActorRefResolver> resolver) {
        this.registry = KryoRegistry.fromConfig(config);
        this.resolver = resolver;
        int poolSize = config.getInt(POOL_SIZE_KEY);
        int bufferBytes = config.getInt(BUFFER_BYTES_KEY);
        int maxBufferBytes = config.getInt(MAX_BUFFER_BYTES_KEY);
        if (poolSize < 1 || bufferBytes < 16 || maxBufferBytes < bufferBytes) {
            throw new IllegalArgumentException("need " + POOL_SIZE_KEY + " >= 1, " + BUFFER_BYTES_KEY + " >= 16, "
                    + MAX_BUFFER_BYTES_KEY + " >= " + BUFFER_BYTES_KEY);
        }
        this.kryos = new Pool<>(true, false, poolSize) {
            @Override
            protected Kryo create() {
                return newKryo();
            }
        };
        this.outputs = new Pool<>(true, false, poolSize) {
            @Override
            protected Output create() {
                return new Output(bufferBytes, maxBufferBytes);
            }
        };
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    /** @return the registration id of the message's class, as a string */
    @Override
    public String manifest(Object message) {
        return String.valueOf(idOf(message));
    }

    @Override
    public byte[] toBinary(Object message) {
        idOf(message);
        Kryo kryo = kryos.obtain();
        Output output = outputs.obtain();
        try {
            output.reset();
            kryo.writeObject(output, message);
            return output.toBytes();
        } catch (KryoException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot serialize " + message.getClass().getName() + ": " + e.getMessage()
                    + " (every class inside a message must be registered under " + KryoRegistry.REGISTRATIONS_KEY + ")", e);
        } finally {
            outputs.free(output);
            kryos.free(kryo);
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        Class<?> type = classOf(manifest);
        Kryo kryo = kryos.obtain();
        try {
            return kryo.readObject(new Input(bytes), type);
        } catch (KryoException e) {
            NotSerializableException failure = new NotSerializableException("cannot deserialize " + type.getName()
                    + " (manifest " + manifest + "): " + rootMessage(e));
            failure.initCause(e);
            throw failure;
        } finally {
            kryos.free(kryo);
        }
    }

    /** @return the registry this serializer uses */
    public KryoRegistry registry() {
        return registry;
    }

    private int idOf(Object message) {
        int id = registry.idOf(message.getClass());
        if (id < 0) {
            throw new IllegalArgumentException(message.getClass().getName() + " is not registered for Kryo: add \""
                    + message.getClass().getName() + "\" = <unique id >= " + KryoRegistry.MIN_ID + "> under "
                    + KryoRegistry.REGISTRATIONS_KEY);
        }
        return id;
    }

    private Class<?> classOf(String manifest) throws NotSerializableException {
        try {
            Class<?> type = registry.classOf(Integer.parseInt(manifest));
            if (type != null) {
                return type;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new NotSerializableException("no class registered for Kryo manifest '" + manifest + "' under "
                + KryoRegistry.REGISTRATIONS_KEY + " (do all nodes run the same version?)");
    }

    private Kryo newKryo() {
        ActorRefClassResolver classes = new ActorRefClassResolver();
        Kryo kryo = new Kryo(classes, null);
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.register(int[].class);
        kryo.register(long[].class);
        kryo.register(float[].class);
        kryo.register(double[].class);
        kryo.register(byte[].class);
        kryo.register(boolean[].class);
        kryo.register(String[].class);
        kryo.register(ArrayList.class);
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        ImmutableCollectionsSerializers.registerSerializers(kryo);
        classes.actorRefs(new Registration(ActorRef.class, new TypedActorRefSerializer(resolver), ACTOR_REF_ID));
        registry.entries().forEach((id, type) -> kryo.register(type, id));
        return kryo;
    }

    /** The innermost cause's message: a record's validation failure arrives wrapped twice. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    v = supplier.get();
                    value = v;
                }
                return v;
            }
        };
    }
}
