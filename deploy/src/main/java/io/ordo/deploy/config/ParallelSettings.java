package io.ordo.deploy.config;

import static io.ordo.deploy.config.JobKeys.path;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Data parallelism inside one JVM, from {@code ordo.job.parallel}.
 *
 * @param workers         data-parallel trainers, one thread each ({@code auto} resolved)
 * @param exchangeTimeout how long a worker waits for the others in the gradient exchange
 */
public record ParallelSettings(int workers, Duration exchangeTimeout) {
    public static final String WORKERS = "parallel.workers";
    public static final String EXCHANGE_TIMEOUT = "parallel.exchange-timeout";

    /** Reads the keys of the resolved {@code ordo.job} section {@code c} for a global batch of {@code batch} rows. */
    public static ParallelSettings from(Config c, int batch) {
        return new ParallelSettings(workers(c, batch), JobKeys.positive(c, EXCHANGE_TIMEOUT));
    }

    /**
     * {@code parallel.workers}: a count, or {@code auto} = the largest divisor of the batch that is
     * at most the available processors (one single-thread trainer per core: on the tiny bench
     * config two such trainers step 1.28x faster than the PyTorch peer on two threads, see the README).
     */
    public static int workers(Config c, int batch) {
        String value = c.getString(WORKERS).trim();
        if (value.equalsIgnoreCase("auto")) {
            return autoWorkers(batch, Runtime.getRuntime().availableProcessors());
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path(WORKERS) + " = '" + value + "'; allowed: auto or a positive integer "
                    + "that divides the batch (" + batch + ")");
        }
    }

    /** The largest divisor of {@code batch} that is at most {@code processors} (at least 1). */
    public static int autoWorkers(int batch, int processors) {
        for (int w = Math.max(1, Math.min(batch, processors)); w > 1; w--) {
            if (batch % w == 0) {
                return w;
            }
        }
        return 1;
    }
}
