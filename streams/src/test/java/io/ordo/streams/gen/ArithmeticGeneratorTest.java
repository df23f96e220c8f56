package io.ordo.streams.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArithmeticGeneratorTest {

    @Test
    void shouldComputeFixedLengthZeroPaddedAnswers() {
        for (ArithmeticOp op : ArithmeticOp.values()) {
            ArithmeticGenerator g = new ArithmeticGenerator(op, 3, 11, Split.TRAIN, 0.2);
            for (long i = 0; i < 500; i++) {
                TaskExample e = g.example(i);
                assertEquals(g.promptLength(), e.prompt().length(), e.prompt());
                assertEquals(op.answerDigits(3), e.target().length(), e.text());
                BigInteger a = new BigInteger(e.prompt().substring(0, 3));
                BigInteger b = new BigInteger(e.prompt().substring(4, 7));
                assertEquals(op.symbol(), e.prompt().charAt(3));
                assertEquals(op.apply(a, b), new BigInteger(e.target()), e.text());
            }
        }
    }

    @Test
    void shouldKeepHeldOutPairsDisjointFromTraining() {
        ArithmeticGenerator train = new ArithmeticGenerator(ArithmeticOp.ADD, 2, 3, Split.TRAIN, 0.25);
        ArithmeticGenerator test = new ArithmeticGenerator(ArithmeticOp.ADD, 2, 3, Split.TEST, 0.25);
        Set<String> trainPrompts = new HashSet<>();
        for (long i = 0; i < 20_000; i++) {
            trainPrompts.add(train.example(i).prompt());
        }
        int heldOut = 0;
        for (long i = 0; i < 2_000; i++) {
            String p = test.example(i).prompt();
            assertFalse(trainPrompts.contains(p), p);
            heldOut++;
        }
        assertEquals(2_000, heldOut);
        assertTrue(trainPrompts.size() > 6_000, "train covers most of the 7500 train pairs: " + trainPrompts.size());
    }

    @Test
    void shouldBeDeterministicFromSeedAndIndex() {
        ArithmeticGenerator a = new ArithmeticGenerator(ArithmeticOp.MUL, 4, 99, Split.TRAIN, 0.1);
        ArithmeticGenerator b = new ArithmeticGenerator(ArithmeticOp.MUL, 4, 99, Split.TRAIN, 0.1);
        for (long i = 0; i < 100; i++) {
            assertEquals(a.example(i), b.example(i));
        }
        assertEquals(a.example(12345), b.example(12345));
    }

    @Test
    void shouldFailOnUnknownOpListingValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArithmeticOp.parse("div"));
        assertTrue(e.getMessage().contains("add, mul, gcd"), e.getMessage());
    }
}
