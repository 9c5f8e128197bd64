package dev.ecli.runner.cli;

import dev.ecli.runner.params.OptionException;

/** A command-line value that parsed but makes no sense; exit code {@link ExitCodes#USAGE}. */
final class UsageException extends OptionException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
