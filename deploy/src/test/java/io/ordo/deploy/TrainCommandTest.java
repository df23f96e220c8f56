package io.ordo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The main job's command runs end to end and learns; bad options fail with the allowed values. */
class TrainCommandTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OrdoCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {"" + code, out.toString(), err.toString()};
    }

    @Test
    void shouldTrainTheDefaultJobAndReportLearning() {
        String[] r = run("train", "--steps", "200", "--log-every", "100");
        assertEquals("0", r[0], r[2]);
        Matcher m = Pattern.compile("held-out NTP loss on the copied half ([0-9.]+)").matcher(r[1]);
        assertTrue(m.find(), r[1]);
        assertTrue(Double.parseDouble(m.group(1)) < 1.0, "the copy should be mostly learned: " + r[1]);
        assertTrue(r[1].contains("step   100/200"), r[1]);
    }

    @Test
    void shouldRejectUnknownObjectiveNamingTheAllowedOnes() {
        String[] r = run("train", "--objective", "nope");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("allowed: ntp, top, mtp:N"), r[2]);
    }
}
