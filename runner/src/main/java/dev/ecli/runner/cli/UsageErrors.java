package dev.ecli.runner.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistake on the command line of any command (an unknown option, a bad value, a missing
 * argument): one line on stderr naming it and where help is, and {@link ExitCodes#USAGE};
 * picocli's own handler would print the whole usage after it.
 */
final class UsageErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("ecli-java: " + line(ex));
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The one line for {@code ex}: picocli's message, its suggestions, and the help to read. */
    static String line(ParameterException ex) {
        String message = ex.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ");
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> close = u.getSuggestions();
            if (!close.isEmpty()) {
                message += " (did you mean " + String.join(" or ", close.stream().limit(3).toList()) + "?)";
            }
        }
        return message + "; see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'";
    }
}
