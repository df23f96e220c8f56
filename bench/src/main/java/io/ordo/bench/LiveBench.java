package io.ordo.bench;

import io.ordo.core.batch.TokenBatch;
import io.ordo.streams.gen.Split;
import io.ordo.streams.live.LiveBatches;
import io.ordo.streams.text.LineSplit;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Live consume-to-batch throughput against what one trainer consumes: N English-like records of
 * about {@code --record-bytes} bytes are produced to a Kafka topic of {@code --partitions}
 * partitions (a broker started as a child JVM, or {@code --bootstrap}) and appended to a spool of as
 * many lanes (fsync NONE); then, in {@code --repeats} interleaved rounds, {@link LiveBatches#of} reads
 * them back from the start (one rank reading every lane, as {@code ordo train --source} does) until
 * its batches hold every window the records make, for each tokenizer and objective of
 * {@code --cases} (after {@code --warmup-rounds} untimed rounds of the same); and one single-thread
 * trainer of the default {@code ordo train} model (D64 H4 L3 mlp 4) times {@code --train-steps}
 * steps on a batch of the same shape, vocabulary and objective (one of the batches read).
 * Prints min–max tokens/s (B x T input tokens of the non-blank batches, per second from the start of
 * the stream, consumer start-up included) and the ratio to the trainer's tokens/s.
 *
 * <p>The trainer must run on one thread: start the JVM with {@code OMP_NUM_THREADS=1} (and on VMs
 * where OpenBLAS misdetects the core, {@code OPENBLAS_CORETYPE=SkylakeX} with avx512f, else
 * {@code Haswell}). The reads are fused into one stream (one thread) plus the Kafka consumer's.
 *
 * <p>The parts: {@link EnglishLikeRecords} makes the records, {@link LiveLanes} puts them in Kafka and
 * the spool, {@link LiveBatchTiming} times the reads, {@link TrainerTiming} the trainer, and
 * {@link LiveResults} prints the table.
 *
 * <pre>
 * mvn -q -B -o -pl bench -am -DskipTests compile     # also writes kafka-broker/target/broker.classpath
 * mvn -q -B -o -pl bench dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=SkylakeX java -Xmx4g \
 *      -Dorg.bytedeco.javacpp.cachedir=$HOME/.cache/ordo/javacpp \
 *      -Dordo.kafka.broker.classpath=kafka-broker/target/broker.classpath \
 *      -cp bench/target/classes:streams/target/classes:model/target/classes:actors/target/classes:protocol/target/classes:kafka-broker/target/classes:$(cat /tmp/cp.txt) \
 *      io.ordo.bench.BenchCommand live          # defaults: 200k records, 1 partition, 2 warm-up rounds, 3 repeats
 * </pre>
 */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Kafka and spool consume-to-batch tokens/s vs one trainer's tokens/s.")
public final class LiveBench implements Callable<Integer> {

    @Option(names = "--bootstrap", description = "HOST:PORT of a Kafka cluster (default: start a broker as a child JVM)")
    String bootstrap;
    @Option(names = "--consumer-property", description = "extra Kafka consumer property KEY=VALUE of the lanes "
            + "(as in the kafka:// source's query), e.g. max.poll.records=5000")
    Map<String, String> consumerProperties = new LinkedHashMap<>();
    @Option(names = "--partitions", defaultValue = "1", description = "topic partitions = spool lanes (one rank reads all)")
    int partitions;
    @Option(names = "--records", defaultValue = "200000") int records;
    @Option(names = "--record-bytes", defaultValue = "200", description = "about this many bytes of text per record")
    int recordBytes;
    @Option(names = "--repeats", defaultValue = "3") int repeats;
    @Option(names = "--warmup-rounds", defaultValue = "2",
            description = "untimed rounds of every source and case first (JIT: with one, repeat 1 still ran up to 2.5x slower than repeat 3)")
    int warmupRounds;
    @Option(names = "--sources", split = ",", defaultValue = "kafka,spool") List<String> sources;
    @Option(names = "--cases", split = ",", defaultValue = "ntp:byte,ntp:cl100k,top:byte",
            description = "OBJECTIVE:TOKENIZER pairs (objective ntp or top; TOP window = T)")
    List<String> cases;
    @Option(names = "--seq-len", defaultValue = "128") int seqLen;
    @Option(names = "--rows", defaultValue = "64", description = "windows per batch (the batch of one trainer)")
    int rows;
    @Option(names = "--held-out", defaultValue = "0.1", description = "share of records held out by hash (ordo train's default)")
    double heldOut;
    @Option(names = "--train-steps", defaultValue = "20", description = "timed trainer steps (at most; see --train-seconds)")
    int trainSteps;
    @Option(names = "--train-warmup", defaultValue = "5") int trainWarmup;
    @Option(names = "--train-seconds", defaultValue = "15", description = "stop timing trainer steps after this long (at least 2 steps)")
    double trainSeconds;
    @Option(names = "--no-trainer", description = "skip the trainer timing") boolean noTrainer;
    @Option(names = "--raw", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also time reading the lanes alone (records, no parse/tokenize/pack): the consume share")
    boolean raw;
    @Option(names = "--seed", defaultValue = "7") long seed;
    @Option(names = "--dir", defaultValue = "/tmp", description = "where the spool goes (deleted at the end)")
    Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LiveBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String loadStart = BenchCommand.loadAverage();
        System.out.printf(Locale.ROOT, "load average at start: %s; %d cores; OMP_NUM_THREADS=%s OPENBLAS_CORETYPE=%s%n",
                loadStart, Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"),
                System.getenv("OPENBLAS_CORETYPE"));
        List<LiveCase> all = cases.stream().map(LiveCase::parse).toList();
        List<byte[]> data = EnglishLikeRecords.of(records, recordBytes, seed);
        long bytes = data.stream().mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "%d records, %.1f MB of text (mean %.0f B), %d partition(s)/lane(s), T=%d, rows=%d, "
                + "held out %.2f%n", records, bytes / 1e6, bytes / (double) records, partitions, seqLen, rows, heldOut);
        ActorSystem system = ActorSystem.create("live-bench");
        Materializer mat = Materializer.matFromSystem(system);
        LiveLanes lanes = new LiveLanes();
        LiveResults results = new LiveResults();
        Map<LiveCase, TokenBatch> sample = new LinkedHashMap<>();
        LiveBatchTiming timing = new LiveBatchTiming(mat, records, rows, seqLen, heldOut);
        TrainerTiming trainer = new TrainerTiming(seqLen, trainWarmup, trainSteps, trainSeconds);
        try {
            if (sources.contains("kafka")) {
                lanes.addKafka(system, bootstrap, consumerProperties, partitions, data);
            }
            if (sources.contains("spool")) {
                lanes.addSpool(dir, partitions, recordBytes, data);
            }
            Map<String, Long> expected = expectedWindows(all, data, bytes, lanes.laneOfRecord());
            for (int w = 0; w < warmupRounds; w++) {
                for (var source : lanes.bySource().entrySet()) {
                    double sec = raw ? timing.readRaw(source.getValue()) : Double.NaN;
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "warm-up %d %s: raw %.2f s", w + 1, source.getKey(), sec));
                    for (LiveCase c : all) {
                        LiveBatchTiming.Run run = timing.read(source.getValue(), c,
                                expected.get(source.getKey() + " " + c), sample);
                        line.append(String.format(Locale.ROOT, ", %s %.2f s", c, run.seconds()));
                    }
                    System.out.println(line);
                }
            }
            for (int r = 0; r < repeats; r++) {
                if (raw) {
                    for (var source : lanes.bySource().entrySet()) {
                        String key = source.getKey() + " raw records";
                        double sec = timing.readRaw(source.getValue());
                        results.addRaw(source.getKey(), records / sec);
                        System.out.printf(Locale.ROOT, "repeat %d %-22s %d records in %.2f s: %,.0f records/s, %.1f MB/s  "
                                + "[load %s]%n", r + 1, key, records, sec, records / sec, bytes / sec / 1e6,
                                BenchCommand.loadAverage());
                    }
                }
                for (LiveCase c : all) {
                    for (var source : lanes.bySource().entrySet()) {
                        String key = source.getKey() + " " + c;
                        LiveBatchTiming.Run run = timing.read(source.getValue(), c, expected.get(key), sample);
                        results.addRead(key, run.tokens() / run.seconds(), records / run.seconds(), run.firstSeconds());
                        System.out.printf(Locale.ROOT, "repeat %d %-22s %,d windows (%s) in %.2f s, first after %.2f s: "
                                        + "%,.0f tokens/s, %,.0f records/s  [load %s]%n", r + 1, key, run.windows(),
                                run.complete() ? "all" : "INCOMPLETE, expected " + expected.get(key), run.seconds(),
                                run.firstSeconds(), run.tokens() / run.seconds(), records / run.seconds(),
                                BenchCommand.loadAverage());
                    }
                    if (!noTrainer) {
                        double tps = trainer.tokensPerSecond(c, sample.get(c));
                        results.addTrainer(c, tps);
                        System.out.printf(Locale.ROOT, "repeat %d trainer %-14s %,.0f tokens/s  [load %s]%n", r + 1, c,
                                tps, BenchCommand.loadAverage());
                    }
                }
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            lanes.close();
        }
        String loadEnd = BenchCommand.loadAverage();
        System.out.printf(Locale.ROOT, "%nload average at start: %s, at end: %s; %d records of ~%d B, %d partition(s)/lane(s), "
                        + "T=%d, %d rows per batch, %d repeats (min–max)%s%n%n", loadStart, loadEnd, records, recordBytes,
                partitions, seqLen, rows, repeats, consumerProperties.isEmpty() ? "" : "; Kafka consumer " + consumerProperties);
        results.printTable();
        return 0;
    }

    /**
     * The windows each case's batches must hold, per source ("SOURCE OBJECTIVE TOKENIZER"): per lane,
     * floor((n - lookahead) / T) of its train records' n tokens (each record's tokens and a newline's).
     */
    private Map<String, Long> expectedWindows(List<LiveCase> all, List<byte[]> data, long bytes,
            Map<String, int[]> laneOfRecord) {
        LineSplit split = new LineSplit(heldOut);
        boolean[] train = new boolean[data.size()];
        int trainRecords = 0;
        for (int i = 0; i < data.size(); i++) {
            train[i] = split.of(new String(data.get(i), StandardCharsets.UTF_8)) == Split.TRAIN;
            trainRecords += train[i] ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%d of %d records train, the rest held out%n", trainRecords, records);
        Map<String, Long> expected = new LinkedHashMap<>();
        Map<String, int[]> tokensPerRecord = new LinkedHashMap<>();
        for (LiveCase c : all) {
            int[] n = tokensPerRecord.computeIfAbsent(c.tokenizer(), name -> {
                Tokenizer tok = Tokenizers.create(name);
                int nl = tok.encode("\n").length;
                int[] out = new int[data.size()];
                long t0 = System.nanoTime();
                long sum = 0;
                for (int i = 0; i < data.size(); i++) {
                    out[i] = tok.encode(new String(data.get(i), StandardCharsets.UTF_8)).length + nl;
                    sum += out[i];
                }
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "%s: %d tokens (%.2f bytes/token); plain encode loop %.2f s = %,.0f tokens/s%n",
                        name, sum, bytes / (double) sum, s, sum / s);
                return out;
            });
            int lookahead = c.config(rows, seqLen).lookahead();
            for (var e : laneOfRecord.entrySet()) {
                long[] perLane = new long[partitions];
                for (int i = 0; i < data.size(); i++) {
                    if (train[i]) {
                        perLane[e.getValue()[i]] += n[i];
                    }
                }
                long w = 0;
                for (long t : perLane) {
                    w += t >= seqLen + lookahead ? (t - lookahead) / seqLen : 0;
                }
                expected.put(e.getKey() + " " + c, w);
            }
        }
        return expected;
    }
}
