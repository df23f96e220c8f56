package io.ordo.deploy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ordo} command line.
 *
 * <pre>
 * ./ordo train                      # the embedded default job
 * ./ordo train --objective mtp:2 --steps 500
 * </pre>
 */
@Command(name = "ordo", mixinStandardHelpOptions = true, version = "ordo 0.1.0",
        description = "Trains small language models with objectives beyond next-token prediction.",
        subcommands = {TrainCommand.class})
public final class OrdoCommand {
    public static void main(String[] args) {
        System.exit(new CommandLine(new OrdoCommand()).execute(args));
    }
}
