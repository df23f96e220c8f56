package io.ordo.actors.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one body per rank, each on its own thread, and collects the results in rank order. */
final class RankThreads {
    /** What one rank runs. */
    interface Body<T> {
        T run(int rank) throws Exception;
    }

    private RankThreads() {
    }

    /** @return the ranks' results, rank 0 first; fails if one throws or takes longer than {@code timeoutSeconds} */
    static <T> List<T> run(int world, long timeoutSeconds, Body<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(world);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int rank = 0; rank < world; rank++) {
                int r = rank;
                futures.add(pool.submit(() -> body.run(r)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(timeoutSeconds, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
