package io.ordo.transport.allreduce;

import io.ordo.transport.frame.ChunkDtype;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Aeron settings of the gradient exchange: one typed record, documented defaults, validation that
 * names the offending key. Keys are {@code ordo.aeron.*} (HOCON paths or {@code -D} properties).
 *
 * @param aeronDir        {@value #DIR_KEY}: the media driver directory; "" (default) means a unique
 *                        directory under /dev/shm (or java.io.tmpdir where there is no /dev/shm)
 * @param embeddedDriver  {@value #EMBEDDED_DRIVER_KEY}: launch a driver in this JVM (default true)
 *                        or connect to a standalone one already running on {@code aeronDir}
 * @param termLength      {@value #TERM_LENGTH_KEY}: term buffer bytes, power of two in [64 KiB, 1 GiB];
 *                        each log buffer takes 3 terms in the Aeron dir (default 16 MiB)
 * @param mtu             {@value #MTU_KEY}: bytes per Aeron frame including its 32-byte header, a
 *                        multiple of 32 in [4 KiB, 65504] (default 65504; use 1408 or 8192 across
 *                        hosts without jumbo frames)
 * @param receiverWindow  {@value #RECEIVER_WINDOW_KEY}: UDP receiver window and socket buffer bytes,
 *                        at least one mtu and at most termLength / 2 (default 4 MiB, the socket
 *                        buffer cap on the machines measured so far)
 * @param exchangeTimeout {@value #EXCHANGE_TIMEOUT_KEY}: longest a neighbour may stay silent during
 *                        an all-reduce before {@link RingTimeoutException} (default 10 s)
 * @param connectTimeout  {@value #CONNECT_TIMEOUT_KEY}: longest to wait for both neighbours when the
 *                        ring forms (default 30 s)
 * @param driverTimeout   {@value #DRIVER_TIMEOUT_KEY}: client-to-driver liveness timeout (default 10 s)
 * @param wireDtype       {@value #WIRE_DTYPE_KEY}: element type on the wire, FP32 exact (default),
 *                        FP16 or BF16 (lossy, half the bytes)
 * @param bucketBytes     {@value #BUCKET_BYTES_KEY}: bytes per gradient all-reduce bucket, counted
 *                        back from the end of the flat gradient ({@link BucketPlan#fromEnd}); 0 = the
 *                        whole gradient as one bucket (default 4 MiB). The buckets fix the summation
 *                        order, so every rank must use the same value; overlap on or off does not
 *                        change the result for a given value
 * @param overlap         {@value #OVERLAP_KEY}: sum each gradient bucket on a communication thread as
 *                        soon as backward has finished it, so the step waits only for the buckets
 *                        still in flight when backward ends (default {@value #OVERLAP_DEFAULT});
 *                        false sums all buckets after backward on the trainer's thread. The same on
 *                        every rank
 */
public record AeronConfig(String aeronDir, boolean embeddedDriver, int termLength, int mtu, int receiverWindow,
                          Duration exchangeTimeout, Duration connectTimeout, Duration driverTimeout,
                          ChunkDtype wireDtype, int bucketBytes, boolean overlap) {
    public static final String PREFIX = "ordo.aeron.";
    public static final String DIR_KEY = "ordo.aeron.dir";
    public static final String EMBEDDED_DRIVER_KEY = "ordo.aeron.embedded-driver";
    public static final String TERM_LENGTH_KEY = "ordo.aeron.term-length";
    public static final String MTU_KEY = "ordo.aeron.mtu";
    public static final String RECEIVER_WINDOW_KEY = "ordo.aeron.receiver-window";
    public static final String EXCHANGE_TIMEOUT_KEY = "ordo.aeron.exchange-timeout-ms";
    public static final String CONNECT_TIMEOUT_KEY = "ordo.aeron.connect-timeout-ms";
    public static final String DRIVER_TIMEOUT_KEY = "ordo.aeron.driver-timeout-ms";
    public static final String WIRE_DTYPE_KEY = "ordo.aeron.wire-dtype";
    public static final String BUCKET_BYTES_KEY = "ordo.aeron.bucket-bytes";
    public static final String OVERLAP_KEY = "ordo.aeron.overlap";
    private static final Set<String> KEYS = Set.of(DIR_KEY, EMBEDDED_DRIVER_KEY, TERM_LENGTH_KEY, MTU_KEY,
            RECEIVER_WINDOW_KEY, EXCHANGE_TIMEOUT_KEY, CONNECT_TIMEOUT_KEY, DRIVER_TIMEOUT_KEY, WIRE_DTYPE_KEY,
            BUCKET_BYTES_KEY, OVERLAP_KEY);

    public static final String DIR_DEFAULT = "";
    public static final boolean EMBEDDED_DRIVER_DEFAULT = true;
    public static final int TERM_LENGTH_DEFAULT = 16 << 20;
    public static final int MTU_DEFAULT = 65504;
    public static final int RECEIVER_WINDOW_DEFAULT = 4 << 20;
    public static final Duration EXCHANGE_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
    public static final Duration CONNECT_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
    public static final Duration DRIVER_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
    public static final ChunkDtype WIRE_DTYPE_DEFAULT = ChunkDtype.FP32;
    public static final int BUCKET_BYTES_DEFAULT = 4 << 20;
    /**
     * Off until a measurement shows it faster: on 2 shared cores (where the communication thread
     * competes with both ranks' compute) the step times with and without it were within noise.
     */
    public static final boolean OVERLAP_DEFAULT = false;

    /** Validates every field; the message names the key to fix. */
    public AeronConfig {
        if (aeronDir == null) {
            throw new IllegalArgumentException(DIR_KEY + " must not be null (use \"\" for a unique directory)");
        }
        if (termLength < 64 * 1024 || termLength > 1 << 30 || Integer.bitCount(termLength) != 1) {
            throw new IllegalArgumentException(TERM_LENGTH_KEY + " must be a power of two in [65536, 1073741824], got " + termLength);
        }
        if (mtu < 4096 || mtu > 65504 || mtu % 32 != 0) {
            throw new IllegalArgumentException(MTU_KEY + " must be a multiple of 32 in [4096, 65504], got " + mtu);
        }
        if (receiverWindow < mtu || receiverWindow > termLength / 2) {
            throw new IllegalArgumentException(RECEIVER_WINDOW_KEY + " must be in [mtu, term-length / 2] = ["
                    + mtu + ", " + termLength / 2 + "], got " + receiverWindow);
        }
        requirePositive(EXCHANGE_TIMEOUT_KEY, exchangeTimeout);
        requirePositive(CONNECT_TIMEOUT_KEY, connectTimeout);
        requirePositive(DRIVER_TIMEOUT_KEY, driverTimeout);
        if (wireDtype == null) {
            throw new IllegalArgumentException(WIRE_DTYPE_KEY + " must be one of FP32, FP16, BF16");
        }
        if (bucketBytes < 0) {
            throw new IllegalArgumentException(BUCKET_BYTES_KEY + " must be >= 0 (0 = one bucket), got " + bucketBytes);
        }
    }

    /** @return the documented defaults */
    public static AeronConfig defaults() {
        return new AeronConfig(DIR_DEFAULT, EMBEDDED_DRIVER_DEFAULT, TERM_LENGTH_DEFAULT, MTU_DEFAULT,
                RECEIVER_WINDOW_DEFAULT, EXCHANGE_TIMEOUT_DEFAULT, CONNECT_TIMEOUT_DEFAULT, DRIVER_TIMEOUT_DEFAULT,
                WIRE_DTYPE_DEFAULT, BUCKET_BYTES_DEFAULT, OVERLAP_DEFAULT);
    }

    /**
     * Defaults overridden by {@code ordo.aeron.*} entries; other prefixes are ignored.
     *
     * @param properties key to value, e.g. System properties
     * @return the resolved config
     * @throws IllegalArgumentException on an unknown {@code ordo.aeron.*} key or a bad value, naming the key
     */
    public static AeronConfig fromProperties(Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown Aeron config key " + key + "; known keys: " + KEYS);
            }
        }
        AeronConfig d = defaults();
        return new AeronConfig(
                properties.getOrDefault(DIR_KEY, d.aeronDir()),
                Boolean.parseBoolean(properties.getOrDefault(EMBEDDED_DRIVER_KEY, String.valueOf(d.embeddedDriver()))),
                parseInt(properties, TERM_LENGTH_KEY, d.termLength()),
                parseInt(properties, MTU_KEY, d.mtu()),
                parseInt(properties, RECEIVER_WINDOW_KEY, d.receiverWindow()),
                Duration.ofMillis(parseInt(properties, EXCHANGE_TIMEOUT_KEY, (int) d.exchangeTimeout().toMillis())),
                Duration.ofMillis(parseInt(properties, CONNECT_TIMEOUT_KEY, (int) d.connectTimeout().toMillis())),
                Duration.ofMillis(parseInt(properties, DRIVER_TIMEOUT_KEY, (int) d.driverTimeout().toMillis())),
                parseDtype(properties.getOrDefault(WIRE_DTYPE_KEY, d.wireDtype().name())),
                parseInt(properties, BUCKET_BYTES_KEY, d.bucketBytes()),
                parseBoolean(properties, OVERLAP_KEY, d.overlap()));
    }

    /** @return a copy with another Aeron dir */
    public AeronConfig withAeronDir(String dir) {
        return new AeronConfig(dir, embeddedDriver, termLength, mtu, receiverWindow, exchangeTimeout, connectTimeout,
                driverTimeout, wireDtype, bucketBytes, overlap);
    }

    /** @return a copy with another exchange timeout */
    public AeronConfig withExchangeTimeout(Duration timeout) {
        return new AeronConfig(aeronDir, embeddedDriver, termLength, mtu, receiverWindow, timeout, connectTimeout,
                driverTimeout, wireDtype, bucketBytes, overlap);
    }

    /** @return a copy with another connect timeout */
    public AeronConfig withConnectTimeout(Duration timeout) {
        return new AeronConfig(aeronDir, embeddedDriver, termLength, mtu, receiverWindow, exchangeTimeout, timeout,
                driverTimeout, wireDtype, bucketBytes, overlap);
    }

    /** @return a copy with another mtu */
    public AeronConfig withMtu(int bytes) {
        return new AeronConfig(aeronDir, embeddedDriver, termLength, bytes, receiverWindow, exchangeTimeout,
                connectTimeout, driverTimeout, wireDtype, bucketBytes, overlap);
    }

    /** @return a copy with another term length (the receiver window shrinks to fit if needed) */
    public AeronConfig withTermLength(int length) {
        return new AeronConfig(aeronDir, embeddedDriver, length, mtu, Math.min(receiverWindow, length / 2),
                exchangeTimeout, connectTimeout, driverTimeout, wireDtype, bucketBytes, overlap);
    }

    /** @return a copy with another wire dtype */
    public AeronConfig withWireDtype(ChunkDtype dtype) {
        return new AeronConfig(aeronDir, embeddedDriver, termLength, mtu, receiverWindow, exchangeTimeout,
                connectTimeout, driverTimeout, dtype, bucketBytes, overlap);
    }

    /** @return a copy with another bucket size (0 = one bucket) */
    public AeronConfig withBucketBytes(int bytes) {
        return new AeronConfig(aeronDir, embeddedDriver, termLength, mtu, receiverWindow, exchangeTimeout,
                connectTimeout, driverTimeout, wireDtype, bytes, overlap);
    }

    /** @return a copy with overlap of the gradient exchange with backward on or off */
    public AeronConfig withOverlap(boolean on) {
        return new AeronConfig(aeronDir, embeddedDriver, termLength, mtu, receiverWindow, exchangeTimeout,
                connectTimeout, driverTimeout, wireDtype, bucketBytes, on);
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got " + value);
        }
    }

    private static int parseInt(Map<String, String> properties, String key, int fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'", e);
        }
    }

    private static boolean parseBoolean(Map<String, String> properties, String key, boolean fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
        };
    }

    private static ChunkDtype parseDtype(String value) {
        try {
            return ChunkDtype.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(WIRE_DTYPE_KEY + " must be one of FP32, FP16, BF16, got '" + value + "'", e);
        }
    }
}
