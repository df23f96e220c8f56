package io.ordo.streams.gen;

import io.ordo.streams.cursor.Cursor;
import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * n-digit arithmetic in the minGPT adder style: prompt {@code aaa+bbb=} (operands zero-padded to
 * n digits), target the answer zero-padded to {@link ArithmeticOp#answerDigits(int)} digits, most
 * significant first (natural order; MI ordering permutes it). Fixed-length targets make target
 * position i a well-defined random variable for the MI estimator.
 *
 * <p>Train and test are disjoint: the pair (a, b) is held out iff a hash of (op, a, b) falls under
 * {@code testFraction}. Example {@code i} of a split is the first draw in that split from the
 * random stream keyed by (seed, i, attempt), so it is deterministic from (seed, i).
 */
public final class ArithmeticGenerator implements TaskGenerator {

    private final ArithmeticOp op;
    private final int digits;
    private final long seed;
    private final Split split;
    private final double testFraction;
    private final BigInteger bound;

    /**
     * @param op           operation
     * @param digits       n: operand digits, 1..18
     * @param seed         generator seed
     * @param split        partition to draw from
     * @param testFraction share of (a, b) pairs held out, in [0, 1)
     */
    public ArithmeticGenerator(ArithmeticOp op, int digits, long seed, Split split, double testFraction) {
        if (digits < 1 || digits > 18) {
            throw new IllegalArgumentException("digits must be in 1..18: " + digits);
        }
        if (testFraction < 0 || testFraction >= 1) {
            throw new IllegalArgumentException("testFraction must be in [0,1): " + testFraction);
        }
        this.op = op;
        this.digits = digits;
        this.seed = seed;
        this.split = split;
        this.testFraction = testFraction;
        this.bound = BigInteger.TEN.pow(digits);
    }

    /** Operand digits n. */
    public int digits() {
        return digits;
    }

    /** The operation. */
    public ArithmeticOp op() {
        return op;
    }

    /** Prompt length in characters (= tokens): 2n digits, operator, '='. */
    public int promptLength() {
        return 2 * digits + 2;
    }

    /** Target length in characters (= tokens). */
    public int targetLength() {
        return op.answerDigits(digits);
    }

    @Override
    public String id() {
        return "arithmetic(op=" + op.name().toLowerCase() + ",n=" + digits + ",seed=" + seed + ","
                + split.name().toLowerCase() + "=" + testFraction + ")";
    }

    @Override
    public TaskExample example(long index) {
        long max = bound.longValueExact();
        for (long attempt = 0; ; attempt++) {
            SplittableRandom rnd = SeededRandom.of(seed, index, attempt);
            long a = rnd.nextLong(max);
            long b = rnd.nextLong(max);
            if (splitOf(a, b) == split) {
                return format(a, b, index);
            }
        }
    }

    /** The held-out partition of pair (a, b); a pure function of (op, a, b). */
    public Split splitOf(long a, long b) {
        long h = SeededRandom.mix(SeededRandom.mix(a * 31 + op.ordinal()) ^ (b + 0x632BE59BD9B4E019L));
        double u = (h >>> 11) * 0x1.0p-53;
        return u < testFraction ? Split.TEST : Split.TRAIN;
    }

    private TaskExample format(long a, long b, long index) {
        BigInteger r = op.apply(BigInteger.valueOf(a), BigInteger.valueOf(b));
        String prompt = pad(Long.toString(a), digits) + op.symbol() + pad(Long.toString(b), digits) + "=";
        String target = pad(r.toString(), targetLength());
        return new TaskExample(prompt, target, Cursor.at(id(), index));
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
