package io.ordo.deploy.cli;

import io.ordo.deploy.EvalCommand;
import io.ordo.deploy.ExportCommand;
import io.ordo.deploy.GenerateCommand;
import io.ordo.deploy.TrainCommand;
import io.ordo.deploy.dashboard.DashboardCommand;
import io.ordo.deploy.experiment.ExperimentCommand;
import io.ordo.deploy.experiment.CurvesCommand;
import io.ordo.deploy.launch.LaunchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ordo} command line.
 *
 * <pre>
 * ./ordo train                      # the embedded default job
 * ./ordo train --objective mtp:2 --steps 500 --out runs/mtp2
 * ./ordo dashboard --out runs/mtp2   # learning curves of a run directory
 * </pre>
 */
@Command(name = "ordo", mixinStandardHelpOptions = true, version = "ordo 0.1.0",
        description = "Trains small language models with objectives beyond next-token prediction.",
        subcommands = {TrainCommand.class, EvalCommand.class, GenerateCommand.class, ExportCommand.class,
                LaunchCommand.class, ExperimentCommand.class, CurvesCommand.class, DashboardCommand.class})
public final class OrdoCommand {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with Ordo's error handling: bad input (an unknown option, a value of the wrong
     * type, a bad setting) prints one line naming the problem and the fix, and exits 2.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new OrdoCommand()).setExecutionExceptionHandler((e, cli, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof com.typesafe.config.ConfigException) {
                cli.getErr().println("ordo: " + e.getMessage());
                return 2;
            }
            throw e;
        }).setParameterExceptionHandler(OrdoCommand::badParameter);
    }

    /** One line instead of picocli's message plus the whole usage text. */
    private static int badParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String hint = "";
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = " (did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?)";
        }
        String message = e.getMessage().strip().replace('\n', ' ');
        cli.getErr().println("ordo: " + message + hint + "; see '" + cli.getCommandSpec().qualifiedName()
                + " --help' for the options");
        cli.getErr().flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }
}
