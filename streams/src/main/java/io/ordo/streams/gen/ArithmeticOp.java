package io.ordo.streams.gen;

import java.math.BigInteger;

/** Arithmetic task operations; each fixes the digit length of its answer for n-digit operands. */
public enum ArithmeticOp {
    /** a + b: answer has n + 1 digits. */
    ADD('+'),
    /** a * b: answer has 2n digits. */
    MUL('*'),
    /** gcd(a, b): answer has n digits. */
    GCD('g');

    private final char symbol;

    ArithmeticOp(char symbol) {
        this.symbol = symbol;
    }

    /** The operator character in the prompt ({@code + * g}). */
    public char symbol() {
        return symbol;
    }

    /** Digits of the zero-padded answer for n-digit operands. */
    public int answerDigits(int n) {
        return switch (this) {
            case ADD -> n + 1;
            case MUL -> 2 * n;
            case GCD -> n;
        };
    }

    /** The exact result. */
    public BigInteger apply(BigInteger a, BigInteger b) {
        return switch (this) {
            case ADD -> a.add(b);
            case MUL -> a.multiply(b);
            case GCD -> a.gcd(b);
        };
    }

    /** Parses {@code add|mul|gcd}, failing with the valid names. */
    public static ArithmeticOp parse(String name) {
        for (ArithmeticOp op : values()) {
            if (op.name().equalsIgnoreCase(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown arithmetic op '" + name + "'; valid: add, mul, gcd");
    }
}
