package dev.ecli.runner.cli;

/** A command-line value that parsed but makes no sense; exit code {@link ExitCodes#USAGE}. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
