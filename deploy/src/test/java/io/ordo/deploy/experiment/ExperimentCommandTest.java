package io.ordo.deploy.experiment;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ordo experiment NAME --quick} runs every arm through the actor pipeline and leaves a sane
 * table, CSV and plot. These check the pipeline and the metrics' ranges, not which arm wins.
 */
class ExperimentCommandTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    /** Checks results.md, curves.png and results.csv; returns the CSV rows (without the header), split. */
    private static List<String[]> checkOutputs(Path out, String[] r, List<String> arms) throws Exception {
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("| arm | seed | final") && r[1].contains("command: ordo experiment"), r[1]);
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| arm | seed | final"), md);
        assertTrue(md.matches("(?s).*\\n- trainers: [0-9/]+ data-parallel worker\\(s\\) per arm.*"), md);
        byte[] png = Files.readAllBytes(out.resolve("curves.png"));
        assertTrue(png.length > 1000, "curves.png is a real image");
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 4));
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(lines.get(0).startsWith(ResultsTable.CSV_HEADER), lines.get(0));
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
        assertEquals(arms, rows.stream().map(c -> c[0]).toList(), "one row per arm, in order");
        for (String[] c : rows) {
            for (int i : new int[] {3, 4, 6, 7}) {
                assertTrue(Double.isFinite(Double.parseDouble(c[i])), String.join(",", c));
            }
            assertTrue(Long.parseLong(c[9]) > 0, "tokens");
            assertTrue(Files.isRegularFile(out.resolve(Arm.of("x", c[0]).dirName() + "-s1").resolve("metrics.jsonl")));
        }
        return rows;
    }

    @Test
    void shouldRunTheQuickStarGraphExperimentWithEveryObjective(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sg");
        String[] r = run("experiment", "stargraph", "--quick", "--out", out.toString());
        for (String[] c : checkOutputs(out, r, List.of("ntp", "mtp:2", "mtp:4", "top"))) {
            assertEquals("accuracy", c[2]);
            double acc = Double.parseDouble(c[3]);
            assertTrue(acc >= 0 && acc <= 1 && Double.parseDouble(c[4]) >= acc, String.join(",", c));
            assertEquals("200", c[8]);
        }
    }

    @Test
    void shouldRunTheQuickArithmeticExperimentWithEveryTargetOrder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ar");
        String[] r = run("experiment", "arithmetic", "--quick", "--out", out.toString());
        for (String[] c : checkOutputs(out, r, List.of("natural", "reverse", "random", "mi"))) {
            double acc = Double.parseDouble(c[3]);
            assertTrue(acc >= 0 && acc <= 1, String.join(",", c));
        }
        assertTrue(Files.readString(out.resolve("mi-s1").resolve("config.conf")).contains("order=mi"));
    }

    @Test
    void shouldRunTheQuickTextExperimentAtEqualTokensAndReportPerplexity(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("jargon-tiny.txt");
        try (InputStream in = getClass().getResourceAsStream("/experiment/jargon-tiny.txt")) {
            Files.copy(in, corpus);
        }
        Path out = dir.resolve("tx");
        String[] r = run("experiment", "textlm", "--quick", "--task", "text:" + corpus, "--steps", "60",
                "--eval-every", "30", "--out", out.toString());
        List<String[]> rows = checkOutputs(out, r, List.of("ntp", "mtp:2", "mtp:4", "top"));
        for (String[] c : rows) {
            assertEquals("perplexity", c[2]);
            double ppl = Double.parseDouble(c[3]);
            assertTrue(ppl > 1 && ppl < 300, "byte-level perplexity is below ~256 (uniform): " + ppl);
            assertEquals(rows.get(0)[9], c[9], "every arm trains on the same number of tokens");
        }
    }

    @Test
    void shouldMeasureSelfSpeculativeDecodingOnEachTrainedArm(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ss");
        String[] r = run("experiment", "selfspec", "--quick", "--steps", "100", "--out", out.toString());
        List<String> header = List.of(Files.readAllLines(out.resolve("results.csv")).get(0).split(","));
        assertEquals(List.of("tokens_per_pass", "draft_acceptance", "spec_exact_match"),
                header.subList(header.size() - 3, header.size()));
        for (String[] c : checkOutputs(out, r, List.of("top", "mtp:2", "mtp:4"))) {
            double perPass = Double.parseDouble(c[11]);
            double acceptance = Double.parseDouble(c[12]);
            assertTrue(perPass >= 1 && perPass <= 4, "one NTP token per pass plus at most 3 drafts: " + perPass);
            assertTrue(acceptance >= 0 && acceptance <= 1, String.join(",", c));
            assertEquals(Double.parseDouble(c[3]), Double.parseDouble(c[13]), 1e-9,
                    "speculative decoding is greedy decoding: same exact match as the evaluator");
        }
    }

    @Test
    void shouldRefuseToMixWithAnEarlierRunUnlessOverwriting(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("ntp-s1"));
        String[] r = run("experiment", "stargraph", "--quick", "--arms", "ntp", "--out", dir.toString());
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("--overwrite"), r[2]);
    }

    @Test
    void shouldRejectUnknownExperimentsAndArmsNamingTheKnownOnes() {
        String[] e = run("experiment", "nope");
        assertEquals("2", e[0]);
        assertTrue(e[2].contains("stargraph, arithmetic, textlm"), e[2]);
        String[] a = run("experiment", "stargraph", "--arms", "ntp,mtp:3");
        assertEquals("2", a[0]);
        assertTrue(a[2].contains("no arm 'mtp:3'") && a[2].contains("ntp, mtp:2, mtp:4, top"), a[2]);
    }
}
