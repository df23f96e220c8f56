package io.ordo.protocol.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.ordo.protocol.cluster.RankFinished;
import io.ordo.protocol.cluster.RankMessage;
import io.ordo.protocol.cluster.RegisterRank;
import io.ordo.protocol.cluster.RingBroken;
import io.ordo.protocol.cluster.RingFormed;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Round trips of every registered message, through the serializer and through Pekko's extension. */
class KryoSerializerTest {
    private static final Config TEST_REGISTRATIONS = ConfigFactory.parseString("""
            ordo.kryo.registrations {
              "io.ordo.protocol.serial.SampleMessage" = 900
              "io.ordo.protocol.serial.SampleMessage$Inner" = 901
              "io.ordo.protocol.serial.SampleMessage$Kind" = 902
              "io.ordo.protocol.serial.NestedUnregisteredMessage" = 903
              "io.ordo.protocol.serial.UncheckedRingFormed" = 904
            }""");
    private static ActorTestKit kit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("kryo", TEST_REGISTRATIONS.withFallback(ConfigFactory.load()));
        serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private static List<Object> registeredMessages() {
        TestProbe<RankMessage> probe = kit.createTestProbe();
        return List.of(
                new RegisterRank("pekko://kryo@127.0.0.1:25520", "127.0.0.1:40123", 2, 4, probe.getRef()),
                new RingBroken(3, 1, "rank 1 of 3: no progress for 2000 ms"),
                new RankFinished(2, 0, 500),
                new RingFormed(2, 1, 3, List.of("10.0.0.1:40000", "10.0.0.2:40000", "10.0.0.3:40000"), 1200,
                        0x1234_5678_9abc_def0L),
                new SampleMessage("x", new long[] {1, -2, Long.MAX_VALUE}, List.of("a", "b", "c"),
                        new SampleMessage.Inner(7, 0.25), SampleMessage.Kind.B));
    }

    @Test
    void shouldRoundTripEveryRegisteredMessageThroughPekkosSerializationExtension() throws Exception {
        for (Object message : registeredMessages()) {
            Serializer serializer = serialization.findSerializerFor(message);
            assertInstanceOf(KryoSerializer.class, serializer, message.getClass().getName());
            byte[] bytes = serialization.serialize(message).get();
            String manifest = Serializers.manifestFor(serializer, message);
            Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();
            assertSame(message, back);
        }
    }

    @Test
    void shouldUseTheRegistrationIdAsManifestAndWriteNoClassNames() throws Exception {
        KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(RingFormed.class);
        RingFormed m = new RingFormed(1, 0, 2, List.of("127.0.0.1:1", "127.0.0.1:2"), 10, -7L);
        assertEquals("103", serializer.manifest(m));
        String wire = new String(serializer.toBinary(m), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(!wire.contains("RingFormed") && !wire.contains("java.util"), wire);
    }

    @Test
    void shouldResolveTheActorRefOnTheWayBack() throws Exception {
        TestProbe<RankMessage> probe = kit.createTestProbe();
        KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(RegisterRank.class);
        RegisterRank m = new RegisterRank("m", "127.0.0.1:1", 0, 0, probe.getRef());
        RegisterRank back = (RegisterRank) serializer.fromBinary(serializer.toBinary(m), serializer.manifest(m));
        assertEquals(probe.getRef(), back.rank());
        RingFormed formed = new RingFormed(1, 0, 1, List.of("h:1"), 1, 99L);
        back.rank().tell(formed);
        probe.expectMessage(formed);
    }

    @Test
    void shouldRejectAnUnregisteredClassNamingTheConfigKey() throws Exception {
        KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(UnregisteredMessage.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> serializer.toBinary(new UnregisteredMessage(1)));
        assertTrue(e.getMessage().contains(UnregisteredMessage.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(KryoRegistry.REGISTRATIONS_KEY), e.getMessage());
    }

    @Test
    void shouldRejectAnUnregisteredClassInsideARegisteredMessage() throws Exception {
        KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(NestedUnregisteredMessage.class);
        Map<String, Integer> counts = new HashMap<>(Map.of("a", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> serializer.toBinary(new NestedUnregisteredMessage(counts)));
        assertTrue(e.getMessage().contains("java.util.HashMap"), e.getMessage());
    }

    @Test
    void shouldRejectAnUnknownManifest() throws Exception {
        KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(RingFormed.class);
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {1}, "12345"));
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {1}, "RingFormed"));
    }

    @Test
    void shouldRunRecordValidationOnReceipt() throws Exception {
        KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(RingBroken.class);
        byte[] forged = serializer.toBinary(new UncheckedRingFormed(1, 5, 2, List.of("h:1", "h:2"), 1, 3L));
        NotSerializableException e = assertThrows(NotSerializableException.class, () -> serializer.fromBinary(forged, "103"));
        assertTrue(e.getMessage().contains("bad ring assignment"), e.getMessage());
    }

    @Test
    void shouldRejectDuplicateOrLowIds() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> KryoRegistry.of(Map.of(String.class, 100, Integer.class, 100)));
        assertThrows(IllegalArgumentException.class, () -> KryoRegistry.of(Map.of(String.class, 5)));
    }

    @Test
    void shouldServeConcurrentCallersFromThePool() throws Exception {
        KryoSerializer serializer = (KryoSerializer) serialization.serializerFor(RingFormed.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1000;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        RingFormed m = new RingFormed(base + i + 1, 0, 1, List.of("h:" + i), i, base * 31L + i);
                        if (!m.equals(serializer.fromBinary(serializer.toBinary(m), "103"))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertSame(Object expected, Object actual) {
        if (expected instanceof SampleMessage s && actual instanceof SampleMessage a) {
            assertEquals(s.name(), a.name());
            assertArrayEquals(s.values(), a.values());
            assertEquals(s.tags(), a.tags());
            assertEquals(s.inner(), a.inner());
            assertEquals(s.kind(), a.kind());
        } else {
            assertEquals(expected, actual);
        }
    }
}
