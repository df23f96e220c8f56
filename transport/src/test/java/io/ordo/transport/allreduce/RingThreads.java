package io.ordo.transport.allreduce;

import io.aeron.Aeron;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one ring member per thread, each with its own Aeron client on one driver. */
final class RingThreads {
    interface RankBody<T> {
        T run(RingAllReduce ring) throws Exception;
    }

    private RingThreads() {
    }

    static <T> List<T> run(AeronConfig config, RingChannels channels, RankBody<T> body) throws Exception {
        int n = channels.worldSize();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int rank = 0; rank < n; rank++) {
                int r = rank;
                futures.add(pool.submit(() -> {
                    try (Aeron aeron = EmbeddedMediaDriver.connect(config);
                         RingAllReduce ring = RingAllReduce.create(aeron, r, channels, config)) {
                        return body.run(ring);
                    }
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
