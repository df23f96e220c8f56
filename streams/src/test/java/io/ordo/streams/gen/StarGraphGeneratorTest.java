package io.ordo.streams.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StarGraphGeneratorTest {

    @Test
    void shouldFormatSampleAsShuffledEdgesStartGoalAndPath() {
        int d = 3;
        int l = 5;
        StarGraphGenerator g = new StarGraphGenerator(d, l, 50, 7, Split.TRAIN, 0.1);
        for (long i = 0; i < 200; i++) {
            TaskExample e = g.example(i);
            assertTrue(e.prompt().endsWith("="), e.prompt());
            String[] halves = e.prompt().substring(0, e.prompt().length() - 1).split("/");
            String[] edges = halves[0].split("\\|");
            String[] sg = halves[1].split(",");
            String[] path = e.target().split(",");
            assertEquals(d * (l - 1), edges.length);
            assertEquals(l, path.length);
            assertEquals(sg[0], path[0]);
            assertEquals(sg[1], path[l - 1]);
            Map<String, Integer> degree = new HashMap<>();
            Set<String> edgeSet = new HashSet<>();
            for (String edge : edges) {
                String[] uv = edge.split(",");
                assertEquals(2, uv.length);
                edgeSet.add(edge);
                degree.merge(uv[0], 1, Integer::sum);
                degree.merge(uv[1], 1, Integer::sum);
            }
            assertEquals(d * (l - 1) + 1, degree.size(), "distinct nodes");
            assertEquals(d, degree.get(sg[0]), "start degree");
            for (int k = 0; k + 1 < l; k++) {
                assertTrue(edgeSet.contains(path[k] + "," + path[k + 1]), "path edge " + k);
            }
        }
    }

    @Test
    void shouldShuffleEdgesSoGoalArmIsNotAlwaysFirst() {
        StarGraphGenerator g = new StarGraphGenerator(2, 5, 50, 1, Split.TRAIN, 0);
        Set<Boolean> firstEdgeOnPath = new HashSet<>();
        for (long i = 0; i < 50; i++) {
            TaskExample e = g.example(i);
            String first = e.prompt().split("\\|")[0];
            List<String> path = List.of(e.target().split(","));
            firstEdgeOnPath.add(path.contains(first.split(",")[0]) && path.contains(first.split(",")[1]));
        }
        assertEquals(2, firstEdgeOnPath.size());
    }

    @Test
    void shouldBeDeterministicFromSeedAndIndex() {
        StarGraphGenerator a = new StarGraphGenerator(2, 5, 50, 42, Split.TRAIN, 0.1);
        StarGraphGenerator b = new StarGraphGenerator(2, 5, 50, 42, Split.TRAIN, 0.1);
        assertEquals(a.example(1000), b.example(1000));
        assertEquals(a.example(3), a.example(3));
        assertNotEquals(a.example(3).text(), a.example(4).text());
        assertNotEquals(a.example(3).text(), new StarGraphGenerator(2, 5, 50, 43, Split.TRAIN, 0.1).example(3).text());
    }

    @Test
    void shouldKeepTrainAndTestDisjoint() {
        Set<String> train = new HashSet<>();
        StarGraphGenerator tr = new StarGraphGenerator(2, 2, 4, 5, Split.TRAIN, 0.3);
        StarGraphGenerator te = new StarGraphGenerator(2, 2, 4, 5, Split.TEST, 0.3);
        for (long i = 0; i < 300; i++) {
            train.add(tr.example(i).text());
        }
        for (long i = 0; i < 100; i++) {
            assertTrue(!train.contains(te.example(i).text()));
        }
    }

    @Test
    void shouldRejectGraphsThatDoNotFitInNLabels() {
        assertThrows(IllegalArgumentException.class, () -> new StarGraphGenerator(5, 5, 20, 1, Split.TRAIN, 0));
    }
}
