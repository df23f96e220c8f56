package io.ordo.transport.allreduce;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * A media driver inside this JVM for tests, benchmarks and single-host runs: one SHARED-mode agent
 * thread (saves cores) that backs off to parking when idle, a unique directory under /dev/shm (or
 * java.io.tmpdir) deleted on start and close, term length, mtu and window from {@link AeronConfig},
 * and a free-space check before anything is mapped.
 *
 * <pre>
 * try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(config, 3);
 *      Aeron aeron = driver.connect()) { ... }
 * </pre>
 */
public final class EmbeddedMediaDriver implements AutoCloseable {
    private final MediaDriver driver;
    private final AeronConfig config;

    private EmbeddedMediaDriver(MediaDriver driver, AeronConfig config) {
        this.driver = driver;
        this.config = config;
    }

    /**
     * @param config     Aeron settings; a blank {@link AeronConfig#aeronDir()} gets a unique directory
     * @param logBuffers log buffers this driver will hold at most (for the free-space check): the
     *                   ring size on one host over IPC, 2 per rank over UDP
     * @return a running driver
     * @throws IllegalStateException if the directory's filesystem is too small
     */
    public static EmbeddedMediaDriver launch(AeronConfig config, int logBuffers) {
        String dir = config.aeronDir().isBlank() ? uniqueDir().toString() : config.aeronDir();
        AeronDirSpace.check(Path.of(dir), config.termLength(), logBuffers);
        MediaDriver.Context context = new MediaDriver.Context()
                .aeronDirectoryName(dir)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                        TimeUnit.MICROSECONDS.toNanos(100)))
                .ipcTermBufferLength(config.termLength())
                .publicationTermBufferLength(config.termLength())
                .ipcMtuLength(config.mtu())
                .mtuLength(config.mtu())
                .initialWindowLength(config.receiverWindow())
                .socketRcvbufLength(config.receiverWindow())
                .socketSndbufLength(config.receiverWindow())
                .spiesSimulateConnection(false);
        return new EmbeddedMediaDriver(MediaDriver.launchEmbedded(context), config.withAeronDir(dir));
    }

    /** @return a unique, not yet existing directory under /dev/shm, or java.io.tmpdir without one */
    public static Path uniqueDir() {
        Path shm = Path.of("/dev/shm");
        Path root = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return root.resolve("ordo-aeron-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    }

    /** @return the driver directory clients connect to */
    public String aeronDir() {
        return driver.aeronDirectoryName();
    }

    /** @return the config with {@link AeronConfig#aeronDir()} set to this driver's directory */
    public AeronConfig config() {
        return config;
    }

    /** @return a new client of this driver (close it before the driver) */
    public Aeron connect() {
        return connect(config);
    }

    /**
     * Connects a client to the driver (embedded or standalone) on {@code config.aeronDir()}.
     *
     * @return a new client
     */
    public static Aeron connect(AeronConfig config) {
        return Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(config.aeronDir())
                .driverTimeoutMs(config.driverTimeout().toMillis()));
    }

    @Override
    public void close() {
        driver.close();
    }
}
