package io.ordo.transport.allreduce;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ordo.transport.frame.ChunkDtype;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AeronConfigTest {
    @Test
    void shouldResolveDefaultsAndOverrides() {
        AeronConfig config = AeronConfig.fromProperties(Map.of(
                AeronConfig.TERM_LENGTH_KEY, "8388608", AeronConfig.WIRE_DTYPE_KEY, "bf16",
                AeronConfig.EXCHANGE_TIMEOUT_KEY, "2500", "other.key", "ignored"));
        assertEquals(8 << 20, config.termLength());
        assertEquals(ChunkDtype.BF16, config.wireDtype());
        assertEquals(Duration.ofMillis(2500), config.exchangeTimeout());
        assertEquals(AeronConfig.MTU_DEFAULT, config.mtu());
        assertEquals(AeronConfig.defaults(), AeronConfig.fromProperties(Map.of()));
        AeronConfig buckets = AeronConfig.fromProperties(Map.of(AeronConfig.BUCKET_BYTES_KEY, "0",
                AeronConfig.OVERLAP_KEY, String.valueOf(!AeronConfig.OVERLAP_DEFAULT)));
        assertEquals(0, buckets.bucketBytes());
        assertEquals(!AeronConfig.OVERLAP_DEFAULT, buckets.overlap());
        assertEquals(AeronConfig.BUCKET_BYTES_DEFAULT, config.bucketBytes());
        assertEquals(AeronConfig.OVERLAP_DEFAULT, config.overlap());
    }

    @Test
    void shouldNameTheKeyOfAnInvalidValue() {
        IllegalArgumentException term = assertThrows(IllegalArgumentException.class,
                () -> AeronConfig.fromProperties(Map.of(AeronConfig.TERM_LENGTH_KEY, "1000000")));
        assertTrue(term.getMessage().contains(AeronConfig.TERM_LENGTH_KEY), term.getMessage());
        IllegalArgumentException mtu = assertThrows(IllegalArgumentException.class,
                () -> AeronConfig.defaults().withMtu(65536));
        assertTrue(mtu.getMessage().contains(AeronConfig.MTU_KEY), mtu.getMessage());
        IllegalArgumentException window = assertThrows(IllegalArgumentException.class,
                () -> AeronConfig.fromProperties(Map.of(AeronConfig.RECEIVER_WINDOW_KEY, "1024")));
        assertTrue(window.getMessage().contains(AeronConfig.RECEIVER_WINDOW_KEY), window.getMessage());
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> AeronConfig.fromProperties(Map.of(AeronConfig.OVERLAP_KEY, "yes")));
        assertTrue(overlap.getMessage().contains(AeronConfig.OVERLAP_KEY), overlap.getMessage());
        IllegalArgumentException bucket = assertThrows(IllegalArgumentException.class,
                () -> AeronConfig.defaults().withBucketBytes(-1));
        assertTrue(bucket.getMessage().contains(AeronConfig.BUCKET_BYTES_KEY), bucket.getMessage());
    }

    @Test
    void shouldRejectUnknownAeronKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AeronConfig.fromProperties(Map.of("ordo.aeron.term-lenght", "65536")));
        assertTrue(e.getMessage().contains("ordo.aeron.term-lenght"), e.getMessage());
    }

    @Test
    void shouldSayHowMuchShmIsNeededAndHowToFixIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AeronDirSpace.check(Path.of("/dev/shm/ordo-x"), "tmpfs", 64L << 20, 16 << 20, 3));
        String message = e.getMessage();
        assertTrue(message.contains("has 64 MiB free but needs 153 MiB"), message);
        assertTrue(message.contains("--shm-size"), message);
        assertTrue(message.contains(AeronConfig.TERM_LENGTH_KEY), message);
        assertTrue(message.contains(AeronConfig.DIR_KEY), message);
        assertDoesNotThrow(() -> AeronDirSpace.check(Path.of("/dev/shm/ordo-x"), "tmpfs", 1L << 30, 16 << 20, 3));
    }
}
