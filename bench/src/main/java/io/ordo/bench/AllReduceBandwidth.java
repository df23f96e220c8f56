package io.ordo.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.ordo.transport.allreduce.AeronConfig;
import io.ordo.transport.allreduce.EmbeddedMediaDriver;
import io.ordo.transport.allreduce.RingAllReduce;
import io.ordo.transport.allreduce.RingChannels;
import io.ordo.transport.frame.ChunkDtype;
import io.ordo.transport.frame.GradientChunkHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Algorithmic bandwidth of the ring all-reduce (buffer bytes / wall time of one all-reduce, the
 * slowest rank) against raw Aeron IPC throughput (one publisher streaming the same bytes in the
 * same chunk size to one subscriber that copies them out), both measured in this run on one embedded
 * SHARED-mode driver. Ranks are threads, each with its own Aeron client. busbw = algbw * 2(n-1)/n is
 * the bytes each rank actually sends per second (NCCL's convention), comparable to a link's bandwidth.
 *
 * <p>Ceiling: a rank thread both sends and receives 2(n-1)/n of the buffer, where the raw stream
 * gives each direction its own thread, so algbw / raw is at most n / (4(n-1)) with a core per rank
 * (50% at n = 2, 37.5% at n = 3), and 1 / (2(n-1)) on a 2-core machine (50%, 25%).
 *
 * <pre>
 * mvn -q -o -pl bench -am package -DskipTests
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -jar bench/target/ordo-bench.jar allreduce-bandwidth
 * java ... -jar bench/target/ordo-bench.jar allreduce-bandwidth --ranks 2,3 --sizes-mib 1,4,16,64 --iterations 10
 * </pre>
 */
@Command(name = "allreduce-bandwidth", mixinStandardHelpOptions = true,
        description = "Ring all-reduce algorithmic bandwidth vs raw Aeron IPC, same run, Markdown table.")
public final class AllReduceBandwidth implements Callable<Integer> {
    private static final double MIB = 1 << 20;

    @Option(names = "--ranks", split = ",", defaultValue = "2,3") int[] ranks;
    @Option(names = "--sizes-mib", split = ",", defaultValue = "1,4,16,64") int[] sizesMib;
    @Option(names = "--iterations", defaultValue = "8", description = "timed repetitions per cell (median reported)") int iterations;
    @Option(names = "--min-mib", defaultValue = "256", description = "small sizes repeat until this many MiB are timed") int minMib;
    @Option(names = "--warmup", defaultValue = "3") int warmup;
    @Option(names = "--term-length-mib", defaultValue = "16") int termLengthMib;
    @Option(names = "--mtu", defaultValue = "65504") int mtu;
    @Option(names = "--idle", defaultValue = "backoff", description = "backoff, yield or spin") String idleName;
    @Option(names = "--wire", defaultValue = "FP32", description = "FP32, FP16 or BF16") ChunkDtype wire;

    @Override
    public Integer call() throws Exception {
        AeronConfig config = AeronConfig.defaults().withTermLength(termLengthMib << 20).withMtu(mtu).withWireDtype(wire);
        int maxRanks = Arrays.stream(ranks).max().orElse(2);
        try (EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(config, maxRanks + 1)) {
            AeronConfig resolved = driver.config();
            System.out.printf("one embedded driver (SHARED threading), IPC, term %d MiB, mtu %d, wire %s, ranks as threads"
                            + " with one Aeron client each; %d cores; median of max(%d, %d MiB / size) after %d warm-up%n%n",
                    termLengthMib, mtu, wire, Runtime.getRuntime().availableProcessors(), iterations, minMib, warmup);
            System.out.println("| size (MiB) | raw IPC (MiB/s) | ranks | all-reduce algbw (MiB/s) | algbw / raw"
                    + " | busbw (MiB/s) | busbw / raw | ms per all-reduce |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            int stream = 5000;
            int requested = iterations;
            for (int sizeMib : sizesMib) {
                int bytes = sizeMib << 20;
                iterations = Math.max(requested, (minMib + sizeMib - 1) / sizeMib);
                double raw = bytes / MIB / rawIpcSeconds(resolved, bytes, stream++);
                for (int n : ranks) {
                    double seconds = allReduceSeconds(resolved, n, bytes, stream);
                    stream += 10;
                    double algbw = bytes / MIB / seconds;
                    double busbw = algbw * 2 * (n - 1) / n;
                    System.out.printf("| %d | %.0f | %d | %.0f | %.0f%% | %.0f | %.0f%% | %.2f |%n", sizeMib, raw, n, algbw,
                            100 * algbw / raw, busbw, 100 * busbw / raw, seconds * 1e3);
                }
            }
        }
        return 0;
    }

    /** @return median seconds of the slowest rank's all-reduce of {@code bytes} over {@code n} rank threads */
    private double allReduceSeconds(AeronConfig config, int n, int bytes, int stream) throws Exception {
        RingChannels channels = RingChannels.ipc(n, stream);
        CyclicBarrier barrier = new CyclicBarrier(n);
        int total = warmup + iterations;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int rank = 0; rank < n; rank++) {
                int r = rank;
                futures.add(pool.submit(() -> {
                    ByteBuffer data = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < bytes / 4; i++) {
                        data.putFloat(4 * i, (i + r) % 17);
                    }
                    long[] nanos = new long[total];
                    try (Aeron aeron = EmbeddedMediaDriver.connect(config);
                         RingAllReduce ring = RingAllReduce.create(aeron, r, channels, config, idleStrategy())) {
                        for (int it = 0; it < total; it++) {
                            barrier.await();
                            long start = System.nanoTime();
                            ring.allReduce(it, data);
                            nanos[it] = System.nanoTime() - start;
                        }
                    }
                    return nanos;
                }));
            }
            long[] slowest = new long[iterations];
            for (Future<long[]> future : futures) {
                long[] nanos = future.get(10, TimeUnit.MINUTES);
                for (int it = 0; it < iterations; it++) {
                    slowest[it] = Math.max(slowest[it], nanos[warmup + it]);
                }
            }
            return median(slowest) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return median seconds to stream {@code bytes} from one publisher thread to one subscriber thread */
    private double rawIpcSeconds(AeronConfig config, int bytes, int stream) throws Exception {
        int payload = mtu - 32;
        int total = warmup + iterations;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Aeron aeron = EmbeddedMediaDriver.connect(config);
             Subscription subscription = aeron.addSubscription("aeron:ipc", stream);
             ExclusivePublication publication = aeron.addExclusivePublication(
                     "aeron:ipc?term-length=" + config.termLength() + "|mtu=" + config.mtu(), stream)) {
            IdleStrategy idle = idleStrategy();
            while (!publication.isConnected() || !subscription.isConnected()) {
                idle.idle();
            }
            UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes));
            UnsafeBuffer sink = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes));
            CyclicBarrier barrier = new CyclicBarrier(2);
            long[] received = new long[1];
            FragmentHandler copyOut = (buffer, offset, length, header) -> {
                int body = length - GradientChunkHeader.LENGTH;
                sink.putBytes((int) (received[0] % bytes), buffer, offset + GradientChunkHeader.LENGTH, body);
                received[0] += body;
            };
            Future<long[]> reader = pool.submit(() -> {
                long[] nanos = new long[total];
                IdleStrategy readIdle = idleStrategy();
                for (int it = 0; it < total; it++) {
                    barrier.await();
                    long start = System.nanoTime();
                    long target = (long) (it + 1) * bytes;
                    while (received[0] < target) {
                        readIdle.idle(subscription.poll(copyOut, 16));
                    }
                    nanos[it] = System.nanoTime() - start;
                }
                return nanos;
            });
            Future<?> writer = pool.submit(() -> {
                BufferClaim claim = new BufferClaim();
                IdleStrategy writeIdle = idleStrategy();
                for (int it = 0; it < total; it++) {
                    barrier.await();
                    for (int sent = 0; sent < bytes; ) {
                        int body = Math.min(payload - GradientChunkHeader.LENGTH, bytes - sent);
                        if (publication.tryClaim(GradientChunkHeader.LENGTH + body, claim) > 0) {
                            claim.buffer().putBytes(claim.offset() + GradientChunkHeader.LENGTH, source, sent, body);
                            claim.commit();
                            sent += body;
                            writeIdle.reset();
                        } else {
                            writeIdle.idle();
                        }
                    }
                }
                return null;
            });
            writer.get(10, TimeUnit.MINUTES);
            long[] nanos = reader.get(10, TimeUnit.MINUTES);
            return median(Arrays.copyOfRange(nanos, warmup, total)) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    private IdleStrategy idleStrategy() {
        switch (idleName) {
            case "yield": return new org.agrona.concurrent.YieldingIdleStrategy();
            case "spin": return new org.agrona.concurrent.BusySpinIdleStrategy();
            default: return new BackoffIdleStrategy(100, 100, 1_000, 100_000);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
