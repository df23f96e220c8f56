package io.ordo.bench;

import io.ordo.core.top.TopWindow;
import io.ordo.streams.Pipelines;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.frame.FramingConfig;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pipeline throughput: text file to batches with sparse TOP targets (framing, tokenizing,
 * packing, TOP target building), in input tokens per second (B*T per batch).
 *
 * <pre>
 * mvn -q -B -o -pl bench -am package -DskipTests
 * mvn -q -B -o -pl bench dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp bench/target/classes:$(cat /tmp/cp.txt) io.ordo.bench.PipelineThroughput \
 *      --tokenizer cl100k --batch 8 --seq 1024 --top-window 64 --seconds 10 [--file corpus.txt]
 * </pre>
 * Without {@code --file} it writes a synthetic English-like corpus of {@code --mb} MiB to a temp file.
 */
@Command(name = "pipeline-throughput", mixinStandardHelpOptions = true,
        description = "Tokens/s from a text file to batches with TOP targets.")
public final class PipelineThroughput implements Callable<Integer> {

    @Option(names = "--file", description = "text file or directory (default: synthetic corpus)")
    Path file;
    @Option(names = "--mb", defaultValue = "32", description = "synthetic corpus size, MiB")
    int mb;
    @Option(names = "--tokenizer", defaultValue = "cl100k")
    String tokenizer;
    @Option(names = "--batch", defaultValue = "8", description = "B, rows per batch")
    int batch;
    @Option(names = "--seq", defaultValue = "1024", description = "T, input tokens per row")
    int seq;
    @Option(names = "--top-window", defaultValue = "64", description = "W; 0 = no TOP targets")
    int window;
    @Option(names = "--top-k", defaultValue = "32")
    int k;
    @Option(names = "--seconds", defaultValue = "10", description = "stop after this long (s)")
    int seconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineThroughput()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path input = file != null ? file : synthetic(mb);
        Tokenizer tok = Tokenizers.create(tokenizer);
        BatchConfig cfg = new BatchConfig(batch, seq, Math.max(1, window), window, k, TopWindow.DEFAULT);
        ActorSystem system = ActorSystem.create("bench");
        try {
            AtomicLong batches = new AtomicLong();
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds);
            Pipelines.text(input, Optional.empty(), tok, cfg, FramingConfig.files(), new BadInputCounters(), Optional.empty())
                    .takeWhile(b -> System.nanoTime() < deadline)
                    .runWith(Sink.foreach(b -> batches.incrementAndGet()), system)
                    .toCompletableFuture().get(seconds + 60L, TimeUnit.SECONDS);
            double s = (System.nanoTime() - t0) / 1e9;
            long tokens = batches.get() * batch * seq;
            System.out.printf("tokenizer=%s B=%d T=%d W=%d k=%d batches=%d tokens=%d seconds=%.2f tokens/s=%.0f%n",
                    tokenizer, batch, seq, window, k, batches.get(), tokens, s, tokens / s);
        } finally {
            system.terminate();
        }
        return 0;
    }

    /** A synthetic corpus: lines of words drawn from a Zipf-like vocabulary. */
    private static Path synthetic(int mib) throws Exception {
        String[] words = ("the of and to in a is that for it as was with be by on not he i this are or his from at which "
                + "but have an they you were her she there been one all we their has would when if so no will more "
                + "token order prediction graph star model training sequence window target path learning").split(" ");
        Random rnd = new Random(1);
        StringBuilder sb = new StringBuilder();
        long limit = (long) mib << 20;
        Path p = Files.createTempFile("ordo-bench", ".txt");
        try (var out = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            long written = 0;
            while (written < limit) {
                sb.setLength(0);
                int n = 5 + rnd.nextInt(20);
                for (int i = 0; i < n; i++) {
                    int w = (int) Math.min(words.length - 1, Math.abs(rnd.nextGaussian()) * words.length / 3);
                    sb.append(i == 0 ? "" : " ").append(words[w]);
                }
                sb.append(". ").append(rnd.nextInt(10000)).append('\n');
                out.write(sb.toString());
                written += sb.length();
            }
        }
        p.toFile().deleteOnExit();
        return p;
    }
}
