package io.ordo.bench;

import io.ordo.kafkabroker.KafkaBroker;
import io.ordo.model.Gpt;
import io.ordo.model.ModelConfig;
import io.ordo.model.Objective;
import io.ordo.model.TokenBatch;
import io.ordo.model.optim.OptimizerConfig;
import io.ordo.model.train.Trainer;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.Framed;
import io.ordo.streams.gen.Split;
import io.ordo.streams.kafka.KafkaPartitionLane;
import io.ordo.streams.kafka.KafkaSourceConfig;
import io.ordo.streams.live.HeldOutWindows;
import io.ordo.streams.live.Lane;
import io.ordo.streams.live.LiveBatches;
import io.ordo.streams.live.RecordFormat;
import io.ordo.streams.spool.AppendResult;
import io.ordo.streams.spool.FsyncPolicy;
import io.ordo.streams.spool.Spool;
import io.ordo.streams.spool.SpoolConfig;
import io.ordo.streams.text.LineSplit;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.nd4j.linalg.api.buffer.DataType;
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

    /** Longest a run may go without a new window (blank heartbeats only) before it is declared stuck. */
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    public static void main(String[] args) {
        System.exit(new CommandLine(new LiveBench()).execute(args));
    }

    /** One objective and tokenizer. */
    record Case(String objective, String tokenizer) {
        static Case parse(String spec) {
            String[] f = spec.trim().split(":", 2);
            if (f.length != 2) {
                throw new IllegalArgumentException("case '" + spec + "' is not OBJECTIVE:TOKENIZER");
            }
            return new Case(f[0], f[1]);
        }

        Objective objective(int seqLen) {
            Objective o = Objective.parse(objective);
            return o.kind() == Objective.Kind.TOP ? o.withTopWindow(seqLen) : o;
        }

        /** As {@code TrainerActor.batchConfig} builds it. */
        BatchConfig config(int rows, int seqLen) {
            Objective o = objective(seqLen);
            int window = o.kind() == Objective.Kind.TOP ? o.topWindow(seqLen) : 0;
            return new BatchConfig(rows, seqLen, o.lookahead(seqLen), window, o.topK(), o.topConvention());
        }

        @Override
        public String toString() {
            return objective + " " + tokenizer;
        }
    }

    /** One timed read: windows and records out, wall seconds, seconds to the first window, whether all came. */
    record Run(long windows, long tokens, double seconds, double firstSeconds, boolean complete) {
    }

    @Override
    public Integer call() throws Exception {
        String loadStart = BenchCommand.loadAverage();
        System.out.printf(Locale.ROOT, "load average at start: %s; %d cores; OMP_NUM_THREADS=%s OPENBLAS_CORETYPE=%s%n",
                loadStart, Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"),
                System.getenv("OPENBLAS_CORETYPE"));
        List<Case> all = cases.stream().map(Case::parse).toList();
        List<byte[]> data = englishLike(records, recordBytes, seed);
        long bytes = data.stream().mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "%d records, %.1f MB of text (mean %.0f B), %d partition(s)/lane(s), T=%d, rows=%d, "
                + "held out %.2f%n", records, bytes / 1e6, bytes / (double) records, partitions, seqLen, rows, heldOut);
        ActorSystem system = ActorSystem.create("live-bench");
        Materializer mat = Materializer.matFromSystem(system);
        KafkaBroker broker = null;
        Path spoolDir = null;
        Spool spool = null;
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> recordRates = new LinkedHashMap<>();
        Map<String, List<Double>> firsts = new LinkedHashMap<>();
        Map<String, List<Double>> trainer = new LinkedHashMap<>();
        Map<Case, TokenBatch> sample = new LinkedHashMap<>();
        try {
            Map<String, List<Lane>> lanes = new LinkedHashMap<>();
            Map<String, int[]> laneOf = new LinkedHashMap<>();
            if (sources.contains("kafka")) {
                if (bootstrap == null) {
                    long t0 = System.nanoTime();
                    broker = KafkaBroker.start();
                    bootstrap = broker.bootstrap();
                    System.out.printf(Locale.ROOT, "broker started at %s in %.1f s%n", bootstrap, (System.nanoTime() - t0) / 1e9);
                }
                String topic = "ordo-live-bench-" + System.currentTimeMillis();
                int[] lane = produce(bootstrap, topic, data);
                laneOf.put("kafka", lane);
                KafkaSourceConfig plain = KafkaSourceConfig.of(bootstrap, topic);
                KafkaSourceConfig kafka = new KafkaSourceConfig(plain.bootstrapServers(), topic, plain.groupId(),
                        plain.maxRecordBytes(), consumerProperties);
                List<Lane> l = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    l.add(KafkaPartitionLane.create(system, kafka, p));
                }
                lanes.put("kafka", l);
            }
            if (sources.contains("spool")) {
                spoolDir = Files.createTempDirectory(dir, "ordo-live-bench");
                spool = Spool.open(spoolDir, new SpoolConfig(partitions, 64L << 20, 64L << 30, FsyncPolicy.NONE,
                        Math.max(recordBytes * 4, 1024)));
                laneOf.put("spool", append(spool, data));
                List<Lane> l = new ArrayList<>();
                for (int i = 0; i < spool.lanes(); i++) {
                    l.add(spool.lane(i));
                }
                lanes.put("spool", l);
            }
            LineSplit split = new LineSplit(heldOut);
            boolean[] train = new boolean[data.size()];
            int trainRecords = 0;
            for (int i = 0; i < data.size(); i++) {
                train[i] = split.of(new String(data.get(i), StandardCharsets.UTF_8)) == Split.TRAIN;
                trainRecords += train[i] ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%d of %d records train, the rest held out%n", trainRecords, records);
            // windows each case's batches must hold, per source: per lane, floor((n - lookahead) / T) of n tokens
            Map<String, Long> expected = new LinkedHashMap<>();
            Map<String, int[]> tokensPerRecord = new LinkedHashMap<>();
            for (Case c : all) {
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
                for (var e : laneOf.entrySet()) {
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
            for (int w = 0; w < warmupRounds; w++) {
                for (String source : lanes.keySet()) {
                    double sec = raw ? readRaw(lanes.get(source), mat) : Double.NaN;
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "warm-up %d %s: raw %.2f s", w + 1, source, sec));
                    for (Case c : all) {
                        Run run = read(lanes.get(source), c, expected.get(source + " " + c), mat, sample);
                        line.append(String.format(Locale.ROOT, ", %s %.2f s", c, run.seconds()));
                    }
                    System.out.println(line);
                }
            }
            for (int r = 0; r < repeats; r++) {
                if (raw) {
                    for (String source : lanes.keySet()) {
                        String key = source + " raw records";
                        double sec = readRaw(lanes.get(source), mat);
                        recordRates.computeIfAbsent(key, k -> new ArrayList<>()).add(records / sec);
                        System.out.printf(Locale.ROOT, "repeat %d %-22s %d records in %.2f s: %,.0f records/s, %.1f MB/s  "
                                + "[load %s]%n", r + 1, key, records, sec, records / sec, bytes / sec / 1e6,
                                BenchCommand.loadAverage());
                    }
                }
                for (Case c : all) {
                    for (String source : lanes.keySet()) {
                        String key = source + " " + c;
                        Run run = read(lanes.get(source), c, expected.get(key), mat, sample);
                        rates.computeIfAbsent(key, k -> new ArrayList<>()).add(run.tokens() / run.seconds());
                        recordRates.computeIfAbsent(key, k -> new ArrayList<>()).add(records / run.seconds());
                        firsts.computeIfAbsent(key, k -> new ArrayList<>()).add(run.firstSeconds());
                        System.out.printf(Locale.ROOT, "repeat %d %-22s %,d windows (%s) in %.2f s, first after %.2f s: "
                                        + "%,.0f tokens/s, %,.0f records/s  [load %s]%n", r + 1, key, run.windows(),
                                run.complete() ? "all" : "INCOMPLETE, expected " + expected.get(key), run.seconds(),
                                run.firstSeconds(), run.tokens() / run.seconds(), records / run.seconds(),
                                BenchCommand.loadAverage());
                    }
                    if (!noTrainer) {
                        String key = c.toString();
                        double tps = trainerTokensPerSecond(c, sample.get(c));
                        trainer.computeIfAbsent(key, k -> new ArrayList<>()).add(tps);
                        System.out.printf(Locale.ROOT, "repeat %d trainer %-14s %,.0f tokens/s  [load %s]%n", r + 1, key,
                                tps, BenchCommand.loadAverage());
                    }
                }
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            if (spool != null) {
                spool.close();
            }
            if (spoolDir != null) {
                deleteTree(spoolDir);
            }
            if (broker != null) {
                broker.close();
            }
        }
        String loadEnd = BenchCommand.loadAverage();
        System.out.printf(Locale.ROOT, "%nload average at start: %s, at end: %s; %d records of ~%d B, %d partition(s)/lane(s), "
                        + "T=%d, %d rows per batch, %d repeats (min–max)%s%n%n", loadStart, loadEnd, records, recordBytes,
                partitions, seqLen, rows, repeats, consumerProperties.isEmpty() ? "" : "; Kafka consumer " + consumerProperties);
        System.out.println("| source | tokenizer | objective | batches: tokens/s | records/s | first batch after (s) "
                + "| one trainer: tokens/s | source / trainer |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String key : recordRates.keySet()) {
            if (key.endsWith(" raw records")) {
                System.out.printf(Locale.ROOT, "| %s | - | lane read only (records, UTF-8 check) | - | %s | - | - | - |%n",
                        key.split(" ")[0], range(recordRates.get(key), "%,.0f"));
            }
        }
        for (String key : rates.keySet()) {
            String[] f = key.split(" ");
            Case c = new Case(f[1], f[2]);
            List<Double> v = rates.get(key);
            List<Double> t = trainer.getOrDefault(c.toString(), List.of());
            String ratio = t.isEmpty() ? "n/a" : String.format(Locale.ROOT, "**%.0fx**–**%.0fx**",
                    min(v) / max(t), max(v) / min(t));
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", f[0], c.tokenizer(),
                    c.objective(), range(v, "%,.0f"), range(recordRates.get(key), "%,.0f"),
                    range(firsts.get(key), "%.2f"), t.isEmpty() ? "n/a" : range(t, "%,.0f"), ratio);
        }
        return 0;
    }

    /** Seconds to read all records from every lane (merged), validated records only: the lanes' own cost. */
    private double readRaw(List<Lane> lanes, Materializer mat) throws Exception {
        long t0 = System.nanoTime();
        long n = Source.from(lanes).flatMapMerge(lanes.size(), l -> l.records(Optional.empty()))
                .take(records)
                .runWith(Sink.fold(0L, (Long acc, Framed f) -> acc + 1), mat)
                .toCompletableFuture().get(10, TimeUnit.MINUTES);
        if (n != records) {
            throw new IllegalStateException("read " + n + " of " + records + " records");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Reads every lane from its start until the batches hold {@code expected} windows (or stall). */
    private Run read(List<Lane> lanes, Case c, long expected, Materializer mat, Map<Case, TokenBatch> sample)
            throws Exception {
        Tokenizer tok = Tokenizers.create(c.tokenizer());
        BatchConfig config = c.config(rows, seqLen);
        LiveBatches.Reading reading = new LiveBatches.Reading(tok, RecordFormat.TEXT, new LineSplit(heldOut),
                Duration.ofMillis(200), Duration.ofSeconds(1));
        HeldOutWindows held = new HeldOutWindows(tok, seqLen, config.lookahead(), 500);
        long[] windows = {0};
        long[] first = {0};
        long[] last = {0};
        long t0 = System.nanoTime();
        last[0] = t0;
        LiveBatches.of(lanes, Map.of(), reading, rows, config, new BadInputCounters(), held, () -> false)
                .takeWhile(b -> {
                    long now = System.nanoTime();
                    if (!blank(b.batch())) {
                        if (windows[0] == 0) {
                            first[0] = now;
                        }
                        windows[0] += b.batch().rows();
                        last[0] = now;
                        if (b.batch().rows() == rows) {
                            sample.putIfAbsent(c, b.batch());
                        }
                        return windows[0] < expected;
                    }
                    return now - last[0] < STALL_NANOS;
                }, false)
                .runWith(Sink.ignore(), mat)
                .toCompletableFuture().get(10, TimeUnit.MINUTES);
        double s = (last[0] - t0) / 1e9;
        return new Run(windows[0], windows[0] * seqLen, s, first[0] == 0 ? Double.NaN : (first[0] - t0) / 1e9,
                windows[0] >= expected);
    }

    /** A heartbeat's batch: one row, no target. */
    private static boolean blank(TokenBatch b) {
        if (b.targetMask() == null) {
            return false;
        }
        for (boolean m : b.targetMask()) {
            if (m) {
                return false;
            }
        }
        return true;
    }

    /** Tokens/s of one single-thread trainer of the default {@code ordo train} model on {@code batch}, median step. */
    private double trainerTokensPerSecond(Case c, TokenBatch batch) {
        if (batch == null) {
            throw new IllegalStateException("no full batch of " + c + " to train on");
        }
        Tokenizer tok = Tokenizers.create(c.tokenizer());
        Objective objective = c.objective(seqLen);
        ModelConfig model = new ModelConfig(tok.vocabSize(), seqLen, 64, 4, 3, 4, 0.0, false, 42);
        Trainer trainer = new Trainer(new Gpt(model, objective, DataType.FLOAT),
                OptimizerConfig.defaults().withLearningRate(3e-3));
        // warm-up: --train-warmup steps, fewer when one step alone takes over a fifth of --train-seconds (cl100k)
        for (int i = 0; i < trainWarmup; i++) {
            long t0 = System.nanoTime();
            trainer.step(batch);
            if ((System.nanoTime() - t0) / 1e9 > trainSeconds / 5) {
                break;
            }
        }
        List<Double> ms = new ArrayList<>();
        long start = System.nanoTime();
        while (ms.size() < trainSteps && (ms.size() < 2 || (System.nanoTime() - start) / 1e9 < trainSeconds)) {
            long t0 = System.nanoTime();
            trainer.step(batch);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        double[] s = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
        return batch.inputTokens() / (median / 1e3);
    }

    /** Produces {@code data} round-robin over the partitions; returns each record's partition. */
    private int[] produce(String servers, String topic, List<byte[]> data) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        int[] lane = new int[data.size()];
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < data.size(); i++) {
                lane[i] = i % partitions;
                p.send(new ProducerRecord<>(topic, lane[i], null, data.get(i)));
            }
            p.flush();
        }
        System.out.printf(Locale.ROOT, "produced %d records to %s in %.2f s%n", data.size(), topic,
                (System.nanoTime() - t0) / 1e9);
        return lane;
    }

    /** Appends {@code data} in chunks of 1000 records (a chunk per lane, round-robin); returns each record's lane. */
    private static int[] append(Spool spool, List<byte[]> data) {
        int[] lane = new int[data.size()];
        long t0 = System.nanoTime();
        for (int from = 0; from < data.size(); from += 1000) {
            int to = Math.min(data.size(), from + 1000);
            AppendResult r = spool.append(data.subList(from, to));
            if (!(r instanceof AppendResult.Appended a)) {
                throw new IllegalStateException("spool refused the records: " + r);
            }
            Arrays.fill(lane, from, to, a.lane());
        }
        System.out.printf(Locale.ROOT, "appended %d records to the spool in %.2f s%n", data.size(), (System.nanoTime() - t0) / 1e9);
        return lane;
    }

    private static final String[] WORDS = ("the of and to in a is that for it as was with be by on not he this are or his "
            + "from at which but have an they you were her she there been one all we their has would when if so no will "
            + "more time can other about some into only new these two may first then do any like my now over such our man "
            + "me even most made after also did many before must through back years where much your way well down should "
            + "because each just those people how too little state good very make world still own see men work long get here "
            + "between both life being under never day same another know while last might us great old year off come since "
            + "against go came right used take three small large river house water system market train model window stream "
            + "number public school city night morning evening question answer history science music country government "
            + "village engine letter garden summer winter morning children family paper table story power light voice")
            .split(" ");

    /** {@code n} records of English-like sentences, each at most {@code bytes} bytes, deterministic in {@code seed}. */
    static List<byte[]> englishLike(int n, int bytes, long seed) {
        Random rnd = new Random(seed);
        List<byte[]> out = new ArrayList<>(n);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            int target = bytes - rnd.nextInt(Math.max(1, bytes / 10));
            boolean startSentence = true;
            int wordsInSentence = 0;
            int sentenceLength = 6 + rnd.nextInt(12);
            while (true) {
                String w = WORDS[(int) Math.min(WORDS.length - 1, Math.abs(rnd.nextGaussian()) * WORDS.length / 3)];
                if (rnd.nextInt(40) == 0) {
                    w = Integer.toString(rnd.nextInt(2100));
                }
                if (startSentence) {
                    w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
                }
                String sep = sb.length() == 0 ? "" : " ";
                if (sb.length() + sep.length() + w.length() + 1 > target) {
                    break;
                }
                sb.append(sep).append(w);
                startSentence = false;
                wordsInSentence++;
                if (wordsInSentence >= sentenceLength) {
                    sb.append(rnd.nextInt(8) == 0 ? "?" : ".");
                    startSentence = true;
                    wordsInSentence = 0;
                    sentenceLength = 6 + rnd.nextInt(12);
                } else if (rnd.nextInt(9) == 0) {
                    sb.append(',');
                }
            }
            if (!startSentence) {
                sb.append('.');
            }
            out.add(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String range(List<Double> v, String fmt) {
        return String.format(Locale.ROOT, fmt + "–" + fmt, min(v), max(v));
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
