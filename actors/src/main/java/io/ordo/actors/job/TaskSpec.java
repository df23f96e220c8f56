package io.ordo.actors.job;

import io.ordo.streams.gen.ArithmeticGenerator;
import io.ordo.streams.gen.ArithmeticOp;
import io.ordo.streams.gen.Split;
import io.ordo.streams.gen.StarGraphGenerator;
import io.ordo.streams.gen.TaskGenerator;
import io.ordo.streams.tokenize.Tokenizer;
import io.ordo.streams.tokenize.Tokenizers;
import java.util.Locale;

/**
 * A generated task to train and evaluate on, parsed from {@code stargraph:D,L,N} or
 * {@code arithmetic:OP,DIGITS} (OP one of add, mul, gcd).
 *
 * @param name        the spec as given, normalised
 * @param tokenizer   the task tokenizer (stargraph:N or digits)
 * @param exampleTokens tokens per example (prompt + target), the model's context length
 */
public record TaskSpec(String name, Tokenizer tokenizer, int exampleTokens, Factory factory) {

    /** Held-out share of all samples for the test split. */
    public static final double TEST_FRACTION = 0.1;

    /** Builds the generator of one split. */
    @FunctionalInterface
    public interface Factory {
        TaskGenerator generator(long seed, Split split);
    }

    public TaskGenerator train(long seed) {
        return factory.generator(seed, Split.TRAIN);
    }

    public TaskGenerator test(long seed) {
        return factory.generator(seed, Split.TEST);
    }

    /** Parses a task spec; the error lists the accepted forms. */
    public static TaskSpec parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("stargraph:")) {
                String[] p = s.substring("stargraph:".length()).split(",");
                int d = Integer.parseInt(p[0].trim());
                int l = Integer.parseInt(p[1].trim());
                int n = Integer.parseInt(p[2].trim());
                StarGraphGenerator probe = new StarGraphGenerator(d, l, n, 0, Split.TRAIN, TEST_FRACTION);
                return new TaskSpec("stargraph:" + d + "," + l + "," + n, Tokenizers.create("stargraph:" + n),
                        probe.sampleTokens(), (seed, split) -> new StarGraphGenerator(d, l, n, seed, split, TEST_FRACTION));
            }
            if (s.startsWith("arithmetic:")) {
                String[] p = s.substring("arithmetic:".length()).split(",");
                ArithmeticOp op = ArithmeticOp.valueOf(p[0].trim().toUpperCase(Locale.ROOT));
                int digits = Integer.parseInt(p[1].trim());
                ArithmeticGenerator probe = new ArithmeticGenerator(op, digits, 0, Split.TRAIN, TEST_FRACTION);
                Tokenizer tok = Tokenizers.create("digits");
                int tokens = tok.encode(probe.example(0).text()).length;
                return new TaskSpec("arithmetic:" + op.name().toLowerCase(Locale.ROOT) + "," + digits, tok, tokens,
                        (seed, split) -> new ArithmeticGenerator(op, digits, seed, split, TEST_FRACTION));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad task '" + spec + "': " + e.getMessage()
                    + "; allowed: stargraph:D,L,N | arithmetic:add|mul|gcd,DIGITS", e);
        }
        throw new IllegalArgumentException("unknown task '" + spec + "'; allowed: stargraph:D,L,N | arithmetic:add|mul|gcd,DIGITS");
    }
}
