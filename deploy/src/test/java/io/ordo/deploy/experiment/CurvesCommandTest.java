package io.ordo.deploy.experiment;

import static io.ordo.deploy.Cli.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ordo curves} plots real runs' logged evaluations, and names the problem with bad arguments. */
class CurvesCommandTest {

    @Test
    void shouldPlotRunsBySamplesAndRejectBadArguments(@TempDir Path dir) throws Exception {
        for (String batch : new String[] {"8", "16"}) {
            String[] r = run("train", "--task", "stargraph:2,3,10", "--steps", "20", "--eval-every", "10", "--batch",
                    batch, "--d-model", "16", "--layers", "1", "--heads", "2", "--http-port", "-1", "--out",
                    dir.resolve("b" + batch).toString());
            assertEquals("0", r[0], r[1] + r[2]);
        }
        Path png = dir.resolve("c.png");
        String[] r = run("curves", "--x", "samples", "--title", "G(2,3,10)", "--out", png.toString(),
                "b8=" + dir.resolve("b8"), "b16=" + dir.resolve("b16"));
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("2 run(s)"), r[1]);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(Files.readAllBytes(png), 4));

        String[] axis = run("curves", "--x", "tokens", "--out", png.toString(), "b8=" + dir.resolve("b8"));
        assertEquals("2", axis[0]);
        assertTrue(axis[2].contains("--x must be steps or samples"), axis[2]);
        String[] label = run("curves", "--out", png.toString(), dir.resolve("b8").toString());
        assertEquals("2", label[0]);
        assertTrue(label[2].contains("expected LABEL=RUN_DIR"), label[2]);
        String[] notRun = run("curves", "--out", png.toString(), "x=" + dir);
        assertEquals("2", notRun[0]);
        assertTrue(notRun[2].contains("is not a run directory"), notRun[2]);
    }
}
