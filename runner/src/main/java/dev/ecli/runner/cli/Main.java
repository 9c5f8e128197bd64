package dev.ecli.runner.cli;

import picocli.CommandLine;

/** Entry point of the {@code ecli-java} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: errors become one line on stderr and an exit code. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new EcliCommand());
        cl.setExecutionExceptionHandler(new Errors());
        cl.setExitCodeExceptionMapper(Errors::exitCode);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
