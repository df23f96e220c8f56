package io.ordo.deploy;

import io.ordo.deploy.cli.OrdoCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code ordo} command line in-process for tests. */
public final class Cli {
    private Cli() {
    }

    /** @return {exit code, standard output, standard error} */
    public static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = OrdoCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {"" + code, out.toString(), err.toString()};
    }
}
