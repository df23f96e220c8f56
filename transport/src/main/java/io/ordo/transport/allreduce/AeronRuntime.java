package io.ordo.transport.allreduce;

import io.aeron.Aeron;
import org.agrona.CloseHelper;

/**
 * An Aeron client plus, when {@link AeronConfig#embeddedDriver()} is set, the media driver it runs
 * on: what one node needs before it joins a ring. With {@code embeddedDriver = false} it connects
 * to a standalone driver already running on {@link AeronConfig#aeronDir()}
 * ({@code java -cp aeron-all.jar io.aeron.driver.MediaDriver} with {@code -Daeron.dir=...}).
 */
public final class AeronRuntime implements AutoCloseable {
    private final EmbeddedMediaDriver driver;
    private final Aeron aeron;
    private final AeronConfig config;

    private AeronRuntime(EmbeddedMediaDriver driver, Aeron aeron, AeronConfig config) {
        this.driver = driver;
        this.aeron = aeron;
        this.config = config;
    }

    /**
     * @param config     Aeron settings
     * @param logBuffers log buffers the embedded driver will hold (see {@link RingChannels#logBuffersPerDriver})
     * @return a connected runtime
     * @throws IllegalStateException if the Aeron dir's filesystem is too small for the term buffers
     */
    public static AeronRuntime start(AeronConfig config, int logBuffers) {
        if (!config.embeddedDriver()) {
            if (config.aeronDir().isBlank()) {
                throw new IllegalArgumentException(AeronConfig.DIR_KEY + " must name the standalone driver's directory when "
                        + AeronConfig.EMBEDDED_DRIVER_KEY + " is false");
            }
            return new AeronRuntime(null, EmbeddedMediaDriver.connect(config), config);
        }
        EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(config, logBuffers);
        try {
            return new AeronRuntime(driver, driver.connect(), driver.config());
        } catch (RuntimeException e) {
            driver.close();
            throw e;
        }
    }

    /** @return the client */
    public Aeron aeron() {
        return aeron;
    }

    /** @return the config with the resolved Aeron dir */
    public AeronConfig config() {
        return config;
    }

    /** Closes the client, then the embedded driver if there is one. */
    @Override
    public void close() {
        CloseHelper.closeAll(aeron, driver);
    }
}
