package io.ordo.actors.job;

import io.ordo.core.batch.Shard;
import io.ordo.streams.Pipelines;
import io.ordo.streams.batch.Batch;
import io.ordo.streams.batch.BatchConfig;
import io.ordo.streams.cursor.Cursor;
import io.ordo.streams.frame.BadInputCounters;
import io.ordo.streams.gen.ArithmeticGenerator;
import io.ordo.streams.gen.ArithmeticOp;
import io.ordo.streams.gen.Split;
import io.ordo.streams.gen.StarGraphGenerator;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.mi.TargetOrder;
import io.ordo.streams.text.LineSplit;
import io.ordo.streams.text.TextCorpus;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What to train and evaluate on, parsed from {@code stargraph:D,L,N}, {@code arithmetic:OP,DIGITS}
 * (OP one of add, mul, gcd) or {@code text:PATH} (a file or a directory of files, read line by line;
 * see {@link TextOptions}). Generated tasks have a {@code factory} and are scored by exact match;
 * text has a {@code corpus} and is scored by held-out perplexity.
 *
 * @param name          the spec as given, normalised
 * @param tokenizer     the task tokenizer (stargraph:N, digits, or the text tokenizer)
 * @param exampleTokens tokens per example (prompt + target), or the text context length: the model's seqLen
 * @param factory       the generator of each split (generated tasks), or null
 * @param corpus        the text corpus (text tasks), or null
 * @param live          the live source ({@code --source}: text scored like a corpus, read by {@code LiveFeed}), or null
 */
public record TaskSpec(String name, Tokenizer tokenizer, int exampleTokens, Factory factory, TextCorpus corpus,
                       LiveSource live) {

    /** Held-out share of all samples for the test split of generated tasks. */
    public static final double TEST_FRACTION = 0.1;
    /** The accepted forms, for error messages. */
    public static final String FORMS = "stargraph:D,L,N | arithmetic:add|mul|gcd,DIGITS | text:PATH";

    /** Builds the generator of one split. */
    @FunctionalInterface
    public interface Factory {
        TaskGenerator generator(long seed, Split split);
    }

    public TaskSpec {
        if ((factory != null ? 1 : 0) + (corpus != null ? 1 : 0) + (live != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("a task has exactly one of a generator factory, a text corpus or a live source");
        }
    }

    /** A generated task or a text corpus. */
    public TaskSpec(String name, Tokenizer tokenizer, int exampleTokens, Factory factory, TextCorpus corpus) {
        this(name, tokenizer, exampleTokens, factory, corpus, null);
    }

    /** Live text from {@code source}, tokenized and windowed as {@code text} says. */
    public static TaskSpec live(LiveSource source, TextOptions text) {
        return new TaskSpec("live:" + source.spec(), text.createTokenizer(), text.seqLen(), null, null, source);
    }

    /** Whether this is a text task (perplexity) rather than a generated one (exact match): a corpus or a live source. */
    public boolean isText() {
        return corpus != null || live != null;
    }

    /** Whether the data comes from a live source. */
    public boolean isLive() {
        return live != null;
    }

    public TaskGenerator train(long seed) {
        return generated().generator(seed, Split.TRAIN);
    }

    public TaskGenerator test(long seed) {
        return generated().generator(seed, Split.TEST);
    }

    /**
     * The training batches from {@code from} on: generated examples (targets in {@code order}) or
     * the text corpus's training lines, epoch after epoch.
     */
    public Source<Batch, NotUsed> batches(long seed, Optional<Cursor> from, Optional<TargetOrder> order,
                                          BatchConfig config, BadInputCounters counters) {
        return batches(seed, from, order, config, counters, Shard.WHOLE);
    }

    /**
     * One data-parallel rank's share of the training batches: its {@code shard} of each global batch
     * of {@code config.rows()} rows (only those rows are generated or assembled). Index and cursor
     * are the global batch's, so a checkpoint's cursor resumes with any world size.
     */
    public Source<Batch, NotUsed> batches(long seed, Optional<Cursor> from, Optional<TargetOrder> order,
                                          BatchConfig config, BadInputCounters counters, Shard shard) {
        if (isLive()) {
            throw new IllegalStateException("task " + name + " is live: its batches come from its LiveFeed");
        }
        if (isText()) {
            return corpus.trainBatches(from, config, counters, shard);
        }
        return Pipelines.task(train(seed), from, tokenizer, order, config, counters, shard);
    }

    private Factory generated() {
        if (factory == null) {
            throw new IllegalStateException("task " + name + " is text: it has no generated examples");
        }
        return factory;
    }

    /** Parses a task spec with the default {@link TextOptions}. */
    public static TaskSpec parse(String spec) {
        return parse(spec, TextOptions.DEFAULTS);
    }

    /** Parses a task spec; {@code text} applies to {@code text:PATH}. The error lists the accepted forms. */
    public static TaskSpec parse(String spec, TextOptions text) {
        String raw = spec.trim();
        String s = raw.toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("text:")) {
                String path = raw.substring("text:".length()).trim();
                if (path.isEmpty()) {
                    throw new IllegalArgumentException("text:PATH needs the path of a file or directory");
                }
                TextCorpus corpus = new TextCorpus(Path.of(path), text.createTokenizer(),
                        new LineSplit(text.heldOut()));
                return new TaskSpec("text:" + corpus.path(), corpus.tokenizer(), text.seqLen(), null, corpus);
            }
            if (s.startsWith("stargraph:")) {
                String[] p = s.substring("stargraph:".length()).split(",");
                if (p.length != 3) {
                    throw new IllegalArgumentException("stargraph needs three numbers D,L,N (degree, path length, "
                            + "nodes), e.g. stargraph:2,3,20");
                }
                int d = Integer.parseInt(p[0].trim());
                int l = Integer.parseInt(p[1].trim());
                int n = Integer.parseInt(p[2].trim());
                StarGraphGenerator probe = new StarGraphGenerator(d, l, n, 0, Split.TRAIN, TEST_FRACTION);
                return new TaskSpec("stargraph:" + d + "," + l + "," + n, Tokenizers.create("stargraph:" + n),
                        probe.sampleTokens(), (seed, split) -> new StarGraphGenerator(d, l, n, seed, split, TEST_FRACTION),
                        null);
            }
            if (s.startsWith("arithmetic:")) {
                String[] p = s.substring("arithmetic:".length()).split(",");
                if (p.length != 2) {
                    throw new IllegalArgumentException("arithmetic needs OP,DIGITS, e.g. arithmetic:add,3");
                }
                ArithmeticOp op = arithmeticOp(p[0].trim());
                int digits = Integer.parseInt(p[1].trim());
                ArithmeticGenerator probe = new ArithmeticGenerator(op, digits, 0, Split.TRAIN, TEST_FRACTION);
                Tokenizer tok = Tokenizers.create("digits");
                int tokens = tok.encode(probe.example(0).text()).length;
                return new TaskSpec("arithmetic:" + op.name().toLowerCase(Locale.ROOT) + "," + digits, tok, tokens,
                        (seed, split) -> new ArithmeticGenerator(op, digits, seed, split, TEST_FRACTION), null);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad task '" + spec + "': " + e.getMessage() + "; allowed: " + FORMS, e);
        }
        throw new IllegalArgumentException("unknown task '" + spec + "'; allowed: " + FORMS);
    }

    private static ArithmeticOp arithmeticOp(String name) {
        for (ArithmeticOp op : ArithmeticOp.values()) {
            if (op.name().equalsIgnoreCase(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + name + "'");
    }
}
