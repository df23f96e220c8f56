package io.ordo.bench;

import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.spool.FsyncPolicy;
import io.ordo.streams.spool.IngestConfig;
import io.ordo.streams.spool.Spool;
import io.ordo.streams.spool.SpoolConfig;
import io.ordo.streams.spool.SpoolHttpIngest;
import io.ordo.streams.spool.SpoolTcpIngest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ingest throughput into a durable spool on disk: HTTP POST with {@code --clients} concurrent
 * clients ({@code --lines} records per request) and TCP with as many connections, for fsync
 * ALWAYS and NONE, in interleaved repeats; prints min–max records/s and payload MB/s. Each run
 * gets a fresh spool, warms up 1 s, then counts the bytes the spool grew by in {@code --seconds}.
 *
 * <pre>
 * mvn -q -B -o -pl bench -am compile
 * mvn -q -B -o -pl bench dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp bench/target/classes:streams/target/classes:$(cat /tmp/cp.txt) io.ordo.bench.IngestBench \
 *      --clients 4 --seconds 5 --repeats 3 --record-bytes 200 --dir /tmp
 * </pre>
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Records/s and MB/s of HTTP and TCP ingest into a spool, fsync ALWAYS and NONE.")
public final class IngestBench implements Callable<Integer> {

    @Option(names = "--clients", defaultValue = "4", description = "concurrent HTTP clients / TCP connections")
    int clients;
    @Option(names = "--lines", defaultValue = "100", description = "records per HTTP request")
    int lines;
    @Option(names = "--record-bytes", defaultValue = "200", description = "payload bytes per record")
    int recordBytes;
    @Option(names = "--lanes", defaultValue = "2") int lanes;
    @Option(names = "--seconds", defaultValue = "5", description = "measured seconds per run (after 1 s warm-up)")
    int seconds;
    @Option(names = "--repeats", defaultValue = "3") int repeats;
    @Option(names = "--dir", defaultValue = "/tmp", description = "where the spools go (deleted after each run)")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ActorSystem system = ActorSystem.create("ingest-bench");
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        try {
            for (int r = 0; r < repeats; r++) {
                for (FsyncPolicy fsync : FsyncPolicy.values()) {
                    for (String mode : List.of("http", "tcp")) {
                        double rate = run(system, mode, fsync);
                        rates.computeIfAbsent(mode + " fsync=" + fsync, k -> new ArrayList<>()).add(rate);
                        System.out.printf(Locale.ROOT, "repeat %d %s fsync=%s: %.0f records/s%n", r + 1, mode, fsync, rate);
                    }
                }
            }
        } finally {
            system.terminate();
        }
        System.out.printf(Locale.ROOT, "%n%d clients, %d-byte records, %d per HTTP request, %d lanes, %d s x %d repeats, "
                + "load average %.2f%n", clients, recordBytes, lines, lanes, seconds, repeats,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| ingest | records/s (min–max) | payload MB/s (min–max) |\n|---|---|---|");
        rates.forEach((k, v) -> System.out.printf(Locale.ROOT, "| %s | %.0f–%.0f | %.1f–%.1f |%n", k,
                MinMax.min(v), MinMax.max(v), MinMax.min(v) * recordBytes / 1e6, MinMax.max(v) * recordBytes / 1e6));
        return 0;
    }

    private double run(ActorSystem system, String mode, FsyncPolicy fsync) throws Exception {
        Path spoolDir = Files.createTempDirectory(dir, "ordo-ingest-bench");
        SpoolConfig cfg = new SpoolConfig(lanes, 64L << 20, 64L << 30, fsync, Math.max(recordBytes, 1024));
        String line = "x".repeat(recordBytes);
        try (Spool spool = Spool.open(spoolDir, cfg)) {
            long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1L + seconds);
            List<Thread> threads = new ArrayList<>();
            Runnable unbind;
            if (mode.equals("http")) {
                var binding = SpoolHttpIngest.bind(spool, IngestConfig.loopback(0), new BadInputCounters(), system)
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                URI uri = URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + SpoolHttpIngest.PATH);
                String body = (line + "\n").repeat(lines);
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int c = 0; c < clients; c++) {
                    threads.add(new Thread(() -> {
                        while (System.nanoTime() < stopAt) {
                            try {
                                client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                        HttpResponse.BodyHandlers.discarding());
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }));
                }
                unbind = () -> binding.unbind();
            } else {
                var binding = SpoolTcpIngest.bind(spool, IngestConfig.loopback(0), new BadInputCounters(), system)
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                byte[] chunk = (line + "\n").repeat(64).getBytes(StandardCharsets.UTF_8);
                for (int c = 0; c < clients; c++) {
                    threads.add(new Thread(() -> {
                        try (Socket s = new Socket("127.0.0.1", binding.localAddress().getPort());
                                OutputStream out = s.getOutputStream()) {
                            while (System.nanoTime() < stopAt) {
                                out.write(chunk);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                unbind = () -> binding.unbind();
            }
            threads.forEach(Thread::start);
            Thread.sleep(1000);
            long b0 = spool.usedBytes();
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long b1 = spool.usedBytes();
            double s = (System.nanoTime() - t0) / 1e9;
            for (Thread t : threads) {
                t.join();
            }
            unbind.run();
            return (b1 - b0) / (double) (recordBytes + 8) / s;
        } finally {
            try (Stream<Path> files = Files.walk(spoolDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
