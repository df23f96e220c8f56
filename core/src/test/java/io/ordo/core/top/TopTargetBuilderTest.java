package io.ordo.core.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link TopTargetBuilder} and {@link TopTargets} on hand-worked sequences. */
class TopTargetBuilderTest {
    private static final double E1 = Math.exp(-1);
    private static final double E2 = Math.exp(-2);

    private static TopTargets build(int[] seq, int window, int k, TopWindow convention) {
        TopTargets out = new TopTargets(seq.length, k);
        new TopTargetBuilder(window, k, convention).build(seq, 0, seq.length, seq.length, out, 0);
        return out;
    }

    /** Asserts row {@code row} holds exactly these tokens (nearest first) with these weights. */
    private static void assertRow(TopTargets out, int row, int[] tokens, double[] weights) {
        assertEquals(tokens.length, out.count(row), "count of row " + row);
        for (int j = 0; j < tokens.length; j++) {
            assertEquals(tokens[j], out.token(row, j), "token " + j + " of row " + row);
            assertEquals(weights[j], out.weight(row, j), 1e-15, "weight " + j + " of row " + row);
        }
    }

    @Test
    void shouldRankNearestDistinctTokensInclusive() {
        TopTargets out = build(new int[] {5, 1, 2, 1, 3}, 3, 32, TopWindow.INCLUSIVE);
        assertRow(out, 0, new int[] {1, 2}, new double[] {1 / (1 + E1), E1 / (1 + E1)}); // 1 again at d=3 ignored
        double s = 1 + E1 + E2;
        assertRow(out, 1, new int[] {2, 1, 3}, new double[] {1 / s, E1 / s, E2 / s}); // x[1]=1 recurs, counts
        assertRow(out, 2, new int[] {1, 3}, new double[] {1 / (1 + E1), E1 / (1 + E1)}); // truncated at the end
        assertRow(out, 3, new int[] {3}, new double[] {1.0});
        assertRow(out, 4, new int[] {}, new double[] {});
    }

    @Test
    void shouldDropDistanceWInExclusive() {
        TopTargets out = build(new int[] {5, 1, 2, 1, 3}, 3, 32, TopWindow.EXCLUSIVE);
        assertRow(out, 0, new int[] {1, 2}, new double[] {1 / (1 + E1), E1 / (1 + E1)});
        assertRow(out, 1, new int[] {2, 1}, new double[] {1 / (1 + E1), E1 / (1 + E1)}); // 3 is at d=3=W
        assertRow(out, 2, new int[] {1, 3}, new double[] {1 / (1 + E1), E1 / (1 + E1)});
        assertRow(out, 3, new int[] {3}, new double[] {1.0});
        assertRow(out, 4, new int[] {}, new double[] {});
    }

    @Test
    void shouldGiveOneTargetForInclusiveWindowOneAndNoneForExclusive() {
        int[] seq = {4, 4, 0, 7};
        TopTargets inclusive = build(seq, 1, 32, TopWindow.INCLUSIVE);
        TopTargets exclusive = build(seq, 1, 32, TopWindow.EXCLUSIVE);
        for (int t = 0; t < seq.length - 1; t++) {
            assertRow(inclusive, t, new int[] {seq[t + 1]}, new double[] {1.0});
            assertEquals(0, exclusive.count(t));
        }
        assertEquals(0, inclusive.count(seq.length - 1));
    }

    @Test
    void shouldStopAtKDistinctTokensAndRenormalise() {
        TopTargets out = build(new int[] {0, 1, 1, 2, 3, 4}, 5, 2, TopWindow.INCLUSIVE);
        assertRow(out, 0, new int[] {1, 2}, new double[] {1 / (1 + E2), E2 / (1 + E2)}); // 2 is at d=3
    }

    @Test
    void shouldHonourOffsetsAndLeaveOtherRowsAlone() {
        int[] seq = {9, 9, 5, 1, 2, 9};
        TopTargets out = new TopTargets(6, 4);
        new TopTargetBuilder(2, 4, TopWindow.INCLUSIVE).build(seq, 2, 3, 2, out, 3); // sequence [5, 1, 2]
        for (int r : new int[] {0, 1, 2, 5}) {
            assertEquals(0, out.count(r), "row " + r);
        }
        assertRow(out, 3, new int[] {1, 2}, new double[] {1 / (1 + E1), E1 / (1 + E1)});
        assertRow(out, 4, new int[] {2}, new double[] {1.0}); // 9 after the range is not seen
    }

    @Test
    void shouldLeaveNoStaleEntriesWhenReused() {
        TopTargets out = new TopTargets(4, 8);
        TopTargetBuilder builder = new TopTargetBuilder(4, 8, TopWindow.INCLUSIVE);
        builder.build(new int[] {1, 2, 3, 4, 5, 6, 7}, 0, 7, 4, out, 0);
        assertEquals(4, out.count(0));
        out.clear();
        builder.build(new int[] {3, 3, 3}, 0, 3, 3, out, 0);
        assertRow(out, 0, new int[] {3}, new double[] {1.0});
        assertRow(out, 1, new int[] {3}, new double[] {1.0});
        assertRow(out, 2, new int[] {}, new double[] {});
        assertEquals(0, out.count(3), "row 3 was not rebuilt and must be empty after clear()");
        assertThrows(IndexOutOfBoundsException.class, () -> out.token(0, 1));
    }

    @Test
    void shouldGrowTheDedupeTableForLargeTokenIds() {
        TopTargets out = build(new int[] {0, 100_000, 7, 100_000, 7}, 4, 32, TopWindow.INCLUSIVE);
        assertRow(out, 0, new int[] {100_000, 7}, new double[] {1 / (1 + E1), E1 / (1 + E1)});
    }

    @Test
    void shouldRejectBadArguments() {
        assertMessage("window", () -> new TopTargetBuilder(0, 32, TopWindow.INCLUSIVE));
        assertMessage("k must be", () -> new TopTargetBuilder(4, 0, TopWindow.INCLUSIVE));
        assertMessage("convention", () -> new TopTargetBuilder(4, 4, null));
        assertMessage("k must be", () -> new TopTargets(4, 0));
        TopTargetBuilder builder = new TopTargetBuilder(4, 8, TopWindow.INCLUSIVE);
        assertMessage("token id", () -> builder.build(new int[] {1, -3, 2}, 0, 3, 3, new TopTargets(3, 8), 0));
        assertMessage("k=4", () -> builder.build(new int[] {1, 2}, 0, 2, 2, new TopTargets(2, 4), 0));
        assertMessage("rows", () -> builder.build(new int[] {1, 2}, 0, 2, 3, new TopTargets(3, 8), 0));
        assertMessage("target rows", () -> builder.build(new int[] {1, 2}, 0, 2, 2, new TopTargets(2, 8), 1));
        assertMessage("sequence range", () -> builder.build(new int[] {1, 2}, 1, 2, 1, new TopTargets(2, 8), 0));
    }

    private static void assertMessage(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should mention '" + fragment + "'");
    }
}
